using System.Net;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using System.Text.Json.Nodes;
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

    /// <summary>The same document under ASF's name: ASF's clients read <c>/swagger/ASF/swagger.json</c>.</summary>
    public const string AsfDocumentName = "ASF";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The page's HTML, with <c>{{DOC_URL}}</c> to fill in, and its policy.</summary>
    private static readonly Lazy<(string Html, string Policy)> s_page = new(() =>
    {
        using var stream = typeof(OpenApiEndpoints).Assembly.GetManifestResourceStream("ActorRpc.Gateways.Http.swagger.html")
            ?? throw new InvalidOperationException("The OpenAPI page (swagger.html) is missing from the gateway assembly.");
        using var reader = new StreamReader(stream);
        var html = reader.ReadToEnd();
        return (html, Policy(html));
    });

    /// <summary>Describes the API and its two ways to send the password.</summary>
    public static void Configure(OpenApiOptions options)
    {
        // As ASF's document: every enum schema maps its names to their numbers in "x-definition" (ASF-ui reads it).
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                schema.Extensions["x-definition"] = new JsonNodeExtension(EnumDefinition(type));
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ActorRpc IPC API",
                Version = CommandRouter.Version,
                Description = "ArchiSteamFarm-style IPC of an ActorRpc node. Every /Api URL needs the IPC password when one is set, " +
                    "as ?password=... or in the Authentication header; 5 failures ban the client for an hour. " +
                    "Statuses: 400 bad request (also a Host this server does not go by), 401 no or wrong password, 403 banned, or without a password: not local, " +
                    "or sent by a browser for a page of another origin, 404 no such URL, " +
                    "405 wrong method, 406 body not application/json, 413 body too large, 501 reserved URL, 503 command access prohibited (OwnerId 0), " +
                    "target unreachable, or server overloaded (MaxConcurrentRequests in progress; with Retry-After, seconds).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            // ASF-ui formats a bot's wallet with this map of ASF's currency codes; our bots have no wallet (WalletCurrency 0).
            document.Components.Schemas["ECurrencyCode"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Description = "ASF's wallet currency codes. ActorRpc bots have no Steam wallet: WalletCurrency is always 0 (Invalid).",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-definition"] = new JsonNodeExtension(new JsonObject { ["Invalid"] = 0 }) },
            };
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

    /// <summary>An enum's members, name → number, as ASF's <c>x-definition</c> (one name per number).</summary>
    private static JsonObject EnumDefinition(Type type)
    {
        var definition = new JsonObject();
        foreach (var value in Enum.GetValuesAsUnderlyingType(type).Cast<object>().Distinct())
        {
            definition[Enum.GetName(type, value)!] = JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        return definition;
    }

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapOpenApi("/openapi/{documentName}.json");
        root.MapOpenApi("/swagger/{documentName}/swagger.json");
        root.MapGet("/swagger", Page).ExcludeFromDescription();
        root.MapGet("/swagger/index.html", Page).ExcludeFromDescription();
    }

    private static IResult Page(HttpContext context)
    {
        var (html, policy) = s_page.Value;
        PageHeaders.Apply(context.Response, policy);
        return TypedResults.Content(
            html.Replace("{{DOC_URL}}", WebUtility.HtmlEncode(context.Request.PathBase.Add(DocumentPath).ToString()), StringComparison.Ordinal),
            "text/html; charset=utf-8");
    }

    /// <summary>
    /// The page's CSP: its one inline script and style sheet by hash (the page must stay one self-contained file), requests to
    /// this origin only (the document and the operations it sends), nothing else.
    /// </summary>
    private static string Policy(string html)
    {
        static string Inline(string html, string tag)
        {
            var start = html.IndexOf($"<{tag}>", StringComparison.Ordinal) + tag.Length + 2;
            var end = html.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
            if (start < tag.Length + 2 || end < 0 || html.IndexOf($"<{tag}", end, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"The OpenAPI page (swagger.html) must have exactly one <{tag}> element without attributes.");
            }
            return html[start..end];
        }
        return $"default-src 'none'; script-src {PageHeaders.HashSource(Inline(html, "script"))}; style-src {PageHeaders.HashSource(Inline(html, "style"))}; " +
            $"connect-src 'self'; {PageHeaders.Confinement}";
    }
}
