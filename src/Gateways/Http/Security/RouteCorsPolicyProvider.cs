using System.Collections.Concurrent;
using ActorRpc.Gateways.Http.Routing;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// The CORS policy of a request, for ASP.NET Core's CORS middleware (which the gateway runs only when a password is
/// set: without one, no other origin may call, ASF's rule too, and <see cref="AccessControlMiddleware"/> refuses what
/// browsers send for such pages). The allowed origins are <see cref="HttpGatewayOptions.CorsOrigins"/> (<c>*</c> by
/// default); the allowed headers the password header and the body's type; the allowed methods exactly those of the
/// request's path (a path no endpoint serves allows none, so its preflight grants nothing). The middleware answers
/// preflights itself, before authentication (browsers send no password with them).
/// </summary>
internal sealed class RouteCorsPolicyProvider(HttpGatewayOptions options, RouteCatalog routes) : ICorsPolicyProvider
{
    /// <summary>The request headers browsers may send: the password header and the body's type.</summary>
    private static readonly string[] s_allowedHeaders = ["Authentication", "Content-Type"];

    /// <summary>How long browsers may cache a preflight answer.</summary>
    private static readonly TimeSpan s_preflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>The allowed origins, when not any (compared as browsers write them, in any case).</summary>
    private readonly HashSet<string> _origins = new(options.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    /// <summary>One policy per set of methods (a handful: the routes' method lists), built on first use.</summary>
    private readonly ConcurrentDictionary<string, CorsPolicy> _policies = new(StringComparer.Ordinal);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var request = context.Request;
        // Only a preflight is answered with methods; for the request itself the middleware checks the origin alone, so it
        // gets the policy without methods and no route is matched for it.
        IReadOnlyList<string> methods = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod)
            ? routes.AllowedMethods(request.Path)
            : [];
        return Task.FromResult<CorsPolicy?>(_policies.GetOrAdd(string.Join(',', methods), static (_, state) => state.Self.Build(state.Methods), (Self: this, Methods: methods)));
    }

    private CorsPolicy Build(IReadOnlyList<string> methods)
    {
        var policy = new CorsPolicyBuilder()
            .WithHeaders(s_allowedHeaders)
            .SetPreflightMaxAge(s_preflightMaxAge);
        if (methods.Count > 0)
        {
            policy.WithMethods([.. methods, HttpMethods.Options]);
        }
        if (options.CorsOrigins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            // A predicate rather than WithOrigins: with a predicate the middleware always sends Vary: Origin, which a
            // cache needs whenever the answer depends on the origin (with WithOrigins, only for two origins or more).
            policy.SetIsOriginAllowed(_origins.Contains);
        }
        return policy.Build();
    }
}
