using System.Diagnostics.Metrics;
using ActorRpc.Actors.Diagnostics;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>
/// The HTTP gateway's instruments, on the process-wide <see cref="ActorRpcMetrics.Meter"/> (so <c>/metrics</c>,
/// dotnet-counters and OpenTelemetry see them like the core's): requests in flight and requests refused because
/// <see cref="HttpGatewayOptions.MaxConcurrentRequests"/> were in flight. Neither has tags; with several gateways in
/// one process (tests) they add up.
/// </summary>
internal static class HttpGatewayMetrics
{
    /// <summary>The in-flight instrument's name (<c>actorrpc_http_requests_in_flight</c> in Prometheus).</summary>
    public const string RequestsInFlightName = "actorrpc.http.requests.in_flight";

    /// <summary>The rejections instrument's name (<c>actorrpc_http_requests_rejected_total</c> in Prometheus).</summary>
    public const string RequestsRejectedName = "actorrpc.http.requests.rejected";

    /// <summary>Requests being processed now, counted against the limit (not <c>/HealthCheck</c> nor <c>/Api/Log</c>).</summary>
    public static readonly UpDownCounter<long> RequestsInFlight = ActorRpcMetrics.Meter.CreateUpDownCounter<long>(
        RequestsInFlightName, "{request}",
        "HTTP IPC requests being processed, counted against MaxConcurrentRequests (not /HealthCheck or the /Api/Log WebSocket).");

    /// <summary>Requests answered 503 at once because the limit was reached.</summary>
    public static readonly Counter<long> RequestsRejected = ActorRpcMetrics.Meter.CreateCounter<long>(
        RequestsRejectedName, "{request}",
        "HTTP IPC requests refused with 503 because MaxConcurrentRequests requests were in progress.");
}
