using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ActorRpc.Gateways.Http.Routing;

/// <summary>Which HTTP methods the application's endpoints accept for a path: what a CORS preflight answers.</summary>
internal sealed class RouteCatalog(EndpointDataSource endpoints)
{
    /// <summary>Methods an endpoint without a method restriction accepts.</summary>
    private static readonly string[] s_anyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Each route's matcher with its methods; built on first use, once every endpoint is mapped.</summary>
    private IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>? _routes;

    /// <summary>The methods allowed for <paramref name="path"/>, in a stable order; empty when no endpoint matches.</summary>
    public IReadOnlyList<string> AllowedMethods(PathString path)
    {
        var routes = LazyInitializer.EnsureInitialized(ref _routes, Build);
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, allowed) in routes)
        {
            if (matcher.TryMatch(path, []))
            {
                methods.UnionWith(allowed);
            }
        }
        return [.. methods];
    }

    private List<(TemplateMatcher, IReadOnlyList<string>)> Build() =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (
                new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : (IReadOnlyList<string>)s_anyMethod))
            .ToList();
}
