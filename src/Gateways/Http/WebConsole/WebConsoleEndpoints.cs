using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using ActorRpc.Gateways.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.WebConsole;

/// <summary>
/// Serves the web console: <c>GET /</c> is its page, <c>GET /console/{file}</c> its compiled modules, style sheet and
/// icon, all embedded in this assembly at build time (no CDN, no file on disk). The files are public like any web page;
/// everything the console shows comes from <c>/Api</c>, which asks for the password.
/// </summary>
internal static class WebConsoleEndpoints
{
    /// <summary>The URL prefix of the console's files.</summary>
    public const string AssetPrefix = "/console/";

    /// <summary>What every response of the console carries: scripts and styles from this origin only, never in a frame.</summary>
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " + PageHeaders.Confinement;

    /// <summary>The embedded files by name (<c>index.html</c>, <c>app.js</c>, ...), loaded once.</summary>
    private static readonly Lazy<FrozenDictionary<string, Asset>> s_assets = new(Load);

    /// <summary>True when the build embedded the console (it was not built with <c>-p:WebConsole=false</c>).</summary>
    public static bool Embedded => s_assets.Value.ContainsKey("index.html");

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGet("/", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        root.MapGet("/index.html", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        root.MapGet(AssetPrefix + "{**file}", (string? file, HttpContext context) => Serve(context, file ?? string.Empty)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (!s_assets.Value.TryGetValue(name, out var asset))
        {
            return name == "index.html"
                ? TypedResults.Content(MissingPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : TypedResults.NotFound();
        }
        PageHeaders.Apply(context.Response, ConnectPolicy(context));
        var headers = context.Response.Headers;
        // Revalidate every time: a node upgraded in place must never run yesterday's script against today's API.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>The policy, with connections to this origin and its own WebSocket origin for the live log (older browsers do not count ws: as 'self').</summary>
    private static string ConnectPolicy(HttpContext context) =>
        $"{Policy}; connect-src 'self' {(context.Request.IsHttps ? "wss://" : "ws://")}{context.Request.Host.Value}";

    private const string MissingPage =
        "<!doctype html><meta charset=utf-8><title>ActorRpc</title><p>This node was built without its web console " +
        "(<code>-p:WebConsole=false</code>). The IPC API is at <a href=\"/swagger\">/swagger</a>.";

    private static FrozenDictionary<string, Asset> Load()
    {
        const string prefix = "webconsole/";
        var assembly = typeof(WebConsoleEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var content = Read(assembly, resource);
            var name = resource[prefix.Length..].Replace('\\', '/');
            assets[name] = new Asset(content, ContentType(name), $"\"{Convert.ToBase64String(SHA256.HashData(content), 0, 12)}\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };

    /// <summary>One embedded file.</summary>
    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
