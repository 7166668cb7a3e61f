using System.Threading.RateLimiting;
using ActorRpc.Gateways.Http.Endpoints;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace ActorRpc.Gateways.Http.Limits;

/// <summary>
/// <see cref="HttpGatewayOptions.MaxConcurrentRequests"/> on ASP.NET Core's rate limiting middleware: one concurrency
/// limiter without a queue, so a request that finds every permit taken is answered at once with 503, <c>Retry-After</c>
/// and the usual JSON body (<see cref="ErrorMapping"/>). The middleware runs before authentication, so that a flood
/// cannot make the node hash passwords past the limit either. Not limited: <c>/HealthCheck</c> (a load balancer must see
/// the node alive while it is busy), <c>/metrics</c> (monitoring must see an overload, not be refused by it) and the log
/// WebSockets <c>/Api/Log</c> and <c>/Api/NLog</c> (open for hours, they would hold permits for good; the password
/// guards them like the rest of <c>/Api</c>). CORS preflights are answered before this middleware.
/// Requests holding a permit are recorded on <see cref="HttpGatewayMetrics.RequestsInFlight"/>, refusals on
/// <see cref="HttpGatewayMetrics.RequestsRejected"/>. One per gateway application.
/// </summary>
internal sealed class RequestLimit : IDisposable
{
    /// <summary>The log WebSocket's URL (the starting contract's name).</summary>
    private const string LogPath = "/Api/Log";

    /// <summary>The log WebSocket's URL (ASF's name); <c>/Api/NLog/File</c> below it is an ordinary request.</summary>
    private const string NLogPath = "/Api/NLog";

    /// <summary>The partition every limited request shares.</summary>
    private const string Limited = "ipc";

    /// <summary>A request that falls in the limited partition, to read its statistics.</summary>
    private static readonly DefaultHttpContext s_limitedRequest = new();

    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    /// <summary>The refusal's message, made once.</summary>
    private readonly string _overloaded;

    /// <summary>Creates the limit; both instruments get a (zero) series at once, so that <c>/metrics</c> shows them before the first request.</summary>
    public RequestLimit(HttpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Max = options.MaxConcurrentRequests;
        _overloaded = $"The IPC server is overloaded: {Max} requests are in progress (MaxConcurrentRequests); try again later.";
        var permits = new ConcurrencyLimiterOptions { PermitLimit = Max, QueueLimit = 0 };
        // The factory may run more than once: the partitioned limiter disposes a partition's limiter once it has been idle.
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context.Request.Path)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetConcurrencyLimiter(Limited, _ => permits));
        HttpGatewayMetrics.RequestsInFlight.Add(0);
        HttpGatewayMetrics.RequestsRejected.Add(0);
    }

    /// <summary>The most requests processed at once.</summary>
    public int Max { get; }

    /// <summary>Requests holding a permit now (exact: the limiter's own count).</summary>
    public int InFlight => Max - (int)(_limiter.GetStatistics(s_limitedRequest)?.CurrentAvailablePermits ?? Max);

    /// <summary>True for the URLs the limit does not apply to (any case, as routing matches them).</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments(NodeEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(LogPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(NLogPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsEndpoints.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets the rate limiting middleware's options to this limit (registered with <c>AddRateLimiter</c>).</summary>
    public void Configure(RateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.GlobalLimiter = _limiter;
        options.RejectionStatusCode = ErrorMapping.StatusCodeOf(ApiError.Overloaded);
        options.OnRejected = (rejected, _) =>
        {
            HttpGatewayMetrics.RequestsRejected.Add(1);
            return new ValueTask(ErrorResponseMiddleware.WriteAsync(rejected.HttpContext, ApiError.Overloaded, _overloaded));
        };
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// Records a limited request on the in-flight instrument while it runs: the middleware right after the rate limiter's,
    /// so the request already holds its permit.
    /// </summary>
    public static async Task CountInFlightAsync(HttpContext context, RequestDelegate next)
    {
        if (IsExempt(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        HttpGatewayMetrics.RequestsInFlight.Add(1);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            HttpGatewayMetrics.RequestsInFlight.Add(-1);
        }
    }
}
