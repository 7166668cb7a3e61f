using ActorRpc.Gateways.Http.Metrics;

namespace ActorRpc.Gateways.Http.Limits;

/// <summary>
/// The gateway's count of requests in flight against <see cref="HttpGatewayOptions.MaxConcurrentRequests"/>: a slot is
/// taken with <see cref="TryEnter"/> (a compare-and-swap loop, exact: never more than the limit, and no spurious refusal
/// while a slot is free) and given back with <see cref="Exit"/>. No queue: a request that finds every slot taken is refused.
/// Every change is also recorded on <see cref="HttpGatewayMetrics.RequestsInFlight"/>; refusals on
/// <see cref="HttpGatewayMetrics.RequestsRejected"/>. One per gateway application.
/// </summary>
internal sealed class ConcurrencyLimit
{
    /// <summary>Requests holding a slot now.</summary>
    private int _inFlight;

    /// <summary>Creates the limit; both instruments get a (zero) series at once, so that <c>/metrics</c> shows them before the first request.</summary>
    public ConcurrencyLimit(HttpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Max = options.MaxConcurrentRequests;
        HttpGatewayMetrics.RequestsInFlight.Add(0);
        HttpGatewayMetrics.RequestsRejected.Add(0);
    }

    /// <summary>The most requests processed at once.</summary>
    public int Max { get; }

    /// <summary>Requests holding a slot now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a slot; false (and one rejection counted) when all <see cref="Max"/> are taken.</summary>
    public bool TryEnter()
    {
        var current = Volatile.Read(ref _inFlight);
        while (current < Max)
        {
            var seen = Interlocked.CompareExchange(ref _inFlight, current + 1, current);
            if (seen == current)
            {
                HttpGatewayMetrics.RequestsInFlight.Add(1);
                return true;
            }
            current = seen;
        }
        HttpGatewayMetrics.RequestsRejected.Add(1);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        Interlocked.Decrement(ref _inFlight);
        HttpGatewayMetrics.RequestsInFlight.Add(-1);
    }
}
