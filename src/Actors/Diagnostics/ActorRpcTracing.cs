using System.Diagnostics;

namespace ActorRpc.Actors.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> named <c>ActorRpc</c>. Gateways start an activity per request (HTTP takes the
/// client's W3C <c>traceparent</c>); the kernel carries the current activity inside every message, so the
/// router, bots and methods run under the request's trace id and every log line about it carries that id
/// (logging scopes with activity tracking). An OpenTelemetry exporter listening to this source picks it up.
/// </summary>
public static class ActorRpcTracing
{
    /// <summary>The source's name.</summary>
    public const string SourceName = "ActorRpc";

    /// <summary>The source.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the activity of one gateway request: through the source when something listens, otherwise as a
    /// plain activity, so the trace id exists for the logs either way.
    /// </summary>
    public static Activity StartRequest(string name)
    {
        var activity = Source.StartActivity(name, ActivityKind.Server) ?? new Activity(name);
        if (activity.Id is null)
        {
            activity.SetIdFormat(ActivityIdFormat.W3C);
            activity.Start();
        }
        return activity;
    }

    /// <summary>
    /// Makes <paramref name="activity"/> current, or none when it has already stopped: setting a stopped activity
    /// current throws and catches an exception inside System.Diagnostics, which the hot path must not pay for.
    /// </summary>
    public static void MakeCurrent(Activity? activity) => Activity.Current = activity is { IsStopped: true } ? null : activity;

    /// <summary>
    /// Continues on this node a request whose activity began on another (its W3C <c>traceparent</c> travelled in the
    /// message headers), so its log lines here carry the same trace id; null when there is no usable parent.
    /// </summary>
    public static Activity? ContinueRemote(string name, string? traceparent)
    {
        if (traceparent is null || !ActivityContext.TryParse(traceparent, null, out var parent))
        {
            return null;
        }
        var activity = Source.StartActivity(name, ActivityKind.Consumer, parent);
        if (activity is null)
        {
            activity = new Activity(name);
            activity.SetIdFormat(ActivityIdFormat.W3C);
            activity.SetParentId(traceparent);
            activity.Start();
        }
        return activity;
    }
}
