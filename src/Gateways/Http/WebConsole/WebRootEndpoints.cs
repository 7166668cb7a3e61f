using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ActorRpc.Gateways.Http.WebConsole;

/// <summary>
/// Serves another front end from a folder (<c>actorrpc.ipc.web-root</c>), as ASF serves its <c>www</c> folder: ASF-ui's
/// build dropped in works as on ASF. Files come through a <see cref="PhysicalFileProvider"/> (nothing outside the folder,
/// no hidden files); a path that names no file gets <c>index.html</c>, since such front ends route in the browser; under
/// <c>/Api</c> an unknown path stays the API's 404.
/// </summary>
internal static class WebRootEndpoints
{
    private static readonly FileExtensionContentTypeProvider s_types = new();

    public static void Map(IEndpointRouteBuilder root, string folder)
    {
        var files = new PhysicalFileProvider(Path.GetFullPath(folder));
        root.MapGet("/{**path}", (string? path, HttpContext context) => Serve(files, path, context)).ExcludeFromDescription();
    }

    private static IResult Serve(PhysicalFileProvider files, string? path, HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/Api", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Error(ApiError.NotFound, $"No such URL: {context.Request.Path}");
        }
        var file = string.IsNullOrEmpty(path) ? null : files.GetFileInfo(path);
        if (file is not { Exists: true, IsDirectory: false })
        {
            file = files.GetFileInfo("index.html");
            if (!file.Exists)
            {
                return TypedResults.NotFound();
            }
        }
        var contentType = s_types.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }
}
