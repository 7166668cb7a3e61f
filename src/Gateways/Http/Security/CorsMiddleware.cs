using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// CORS for browser tools on other origins, only when a password is set: <c>Access-Control-Allow-Origin</c> on responses to allowed origins
/// (<c>*</c> by default), and preflight <c>OPTIONS</c> answered before authentication (browsers send no password
/// with it) with the path's methods and <c>Access-Control-Allow-Headers: Authentication, Content-Type</c>.
/// </summary>
internal sealed class CorsMiddleware(RequestDelegate next, HttpGatewayOptions options, RouteCatalog routes)
{
    /// <summary>The request headers browsers may send: the password header and the body's type.</summary>
    public const string AllowedHeaders = "Authentication, Content-Type";

    /// <summary>How long browsers may cache a preflight answer, in seconds.</summary>
    private const string PreflightMaxAge = "600";

    /// <summary>True when any origin is allowed.</summary>
    private readonly bool _anyOrigin = options.CorsOrigins.Contains("*");

    /// <summary>The allowed origins, when not any.</summary>
    private readonly HashSet<string> _origins = new(options.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        // Without a password no other origin may call (ASF's rule too); AccessControlMiddleware refuses what browsers send for them.
        if (origin.Length == 0 || !options.HasPassword)
        {
            return next(context);
        }
        var allowed = _anyOrigin || _origins.Contains(origin);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return PreflightAsync(context, origin, allowed);
        }
        if (allowed)
        {
            // On starting: an error response that resets the body must still carry the headers.
            context.Response.OnStarting(() =>
            {
                AddOriginHeaders(context.Response, origin);
                return Task.CompletedTask;
            });
        }
        return next(context);
    }

    private Task PreflightAsync(HttpContext context, string origin, bool allowed)
    {
        var methods = routes.AllowedMethods(context.Request.Path);
        if (methods.Count == 0)
        {
            return ErrorResponseMiddleware.WriteAsync(context, ErrorMapping.StatusCodeOf(ApiError.NotFound), $"No such URL: {context.Request.Path}");
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        if (allowed)
        {
            AddOriginHeaders(response, origin);
            response.Headers.AccessControlAllowMethods = string.Join(", ", methods.Append("OPTIONS"));
            response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            response.Headers.AccessControlMaxAge = PreflightMaxAge;
        }
        return Task.CompletedTask;
    }

    private void AddOriginHeaders(HttpResponse response, string origin)
    {
        if (_anyOrigin)
        {
            response.Headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        }
    }
}
