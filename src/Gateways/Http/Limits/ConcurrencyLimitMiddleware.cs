using ActorRpc.Gateways.Http.Endpoints;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Http;

namespace ActorRpc.Gateways.Http.Limits;

/// <summary>
/// Refuses work past <see cref="HttpGatewayOptions.MaxConcurrentRequests"/>: a request that finds every slot of the
/// <see cref="ConcurrencyLimit"/> taken is answered at once with 503, <c>Retry-After</c> and the usual JSON body (through
/// <see cref="ErrorMapping"/>; no exception thrown, no queue). It runs before authentication, so that a flood cannot make
/// the node hash passwords past the limit either. Not counted: <c>/HealthCheck</c> (a load balancer must see the node
/// alive while it is busy) and <c>/Api/Log</c> (WebSockets that stay open for hours would hold slots for good; they are
/// guarded by the password like the rest of <c>/Api</c>). CORS preflights are answered before this middleware.
/// </summary>
internal sealed class ConcurrencyLimitMiddleware(RequestDelegate next, ConcurrencyLimit limit)
{
    /// <summary>The log WebSocket's URL (the starting contract's name).</summary>
    public const string LogPath = "/Api/Log";

    /// <summary>The log WebSocket's URL (ASF's name); <c>/Api/NLog/File</c> below it is an ordinary request.</summary>
    public const string NLogPath = "/Api/NLog";

    /// <summary>The refusal's message, made once.</summary>
    private readonly string _overloaded =
        $"The IPC server is overloaded: {limit.Max} requests are in progress (MaxConcurrentRequests); try again later.";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsExempt(context.Request.Path))
        {
            return next(context);
        }
        if (!limit.TryEnter())
        {
            return ErrorResponseMiddleware.WriteAsync(context, ApiError.Overloaded, _overloaded);
        }
        return RunAsync(context);
    }

    /// <summary>True for the URLs the limit does not apply to (any case, as routing matches them).</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments(NodeEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(LogPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(NLogPath, StringComparison.OrdinalIgnoreCase)
        // Monitoring must see an overload, not be refused by it.
        || path.StartsWithSegments(Metrics.MetricsEndpoints.Path, StringComparison.OrdinalIgnoreCase);

    private async Task RunAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            limit.Exit();
        }
    }
}
