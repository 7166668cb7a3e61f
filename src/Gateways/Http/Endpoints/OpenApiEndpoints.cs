using System.Net;
using ActorRpc.Actors.Router;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// The OpenAPI document (generated from the endpoints' metadata) at <c>/openapi/v1.json</c> and, where ASF serves
/// it, <c>/swagger/v1/swagger.json</c>; and a self-contained page at <c>/swagger</c> that lists the operations and
/// can send them (no CDN: the node may be offline). None of these need the password.
/// </summary>
internal static class OpenApiEndpoints
{
    /// <summary>The document's name.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The page's HTML, with <c>{{DOC_URL}}</c> to fill in.</summary>
    private static readonly Lazy<string> s_page = new(() =>
    {
        using var stream = typeof(OpenApiEndpoints).Assembly.GetManifestResourceStream("ActorRpc.Gateways.Http.swagger.html")
            ?? throw new InvalidOperationException("The OpenAPI page (swagger.html) is missing from the gateway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Describes the API and its two ways to send the password.</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ActorRpc IPC API",
                Version = CommandRouter.Version,
                Description = "ArchiSteamFarm-style IPC of an ActorRpc node. Every /Api URL needs the IPC password when one is set, " +
                    "as ?password=... or in the Authentication header; 5 failures ban the client for an hour. " +
                    "Statuses: 400 bad request, 401 no or wrong password, 403 banned or not local without a password, 404 no such URL, " +
                    "405 wrong method, 406 body not application/json, 413 body too large, 501 reserved URL, 503 command access prohibited (OwnerId 0), " +
                    "target unreachable, or server overloaded (MaxConcurrentRequests in progress; with Retry-After, seconds).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["PasswordHeader"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authentication",
                Description = "The IPC password.",
            };
            document.Components.SecuritySchemes["PasswordQuery"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "password",
                Description = "The IPC password.",
            };
            return Task.CompletedTask;
        });
    }

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapOpenApi("/openapi/{documentName}.json");
        root.MapOpenApi("/swagger/{documentName}/swagger.json");
        root.MapGet("/swagger", Page).ExcludeFromDescription();
        root.MapGet("/swagger/index.html", Page).ExcludeFromDescription();
    }

    private static IResult Page(HttpContext context) =>
        TypedResults.Content(
            s_page.Value.Replace("{{DOC_URL}}", WebUtility.HtmlEncode(context.Request.PathBase.Add(DocumentPath).ToString()), StringComparison.Ordinal),
            "text/html; charset=utf-8");
}
