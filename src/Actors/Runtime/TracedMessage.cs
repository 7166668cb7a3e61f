using System.Diagnostics;
using ActorRpc.Actors.Diagnostics;

namespace ActorRpc.Actors.Runtime;

/// <summary>
/// A message sent while a request's <see cref="Activity"/> was current. <c>Activity.Current</c> does not flow
/// through Akka's <c>Tell</c> (the receiver runs on a dispatcher thread, under its own execution context), so the
/// senders whose receivers log for a request (the router's asks of bots, bots' parent and method actors) wrap the
/// message with <see cref="Wrap"/>, and the receiver handles the inner message under the activity (see
/// <see cref="Enter(ref object)"/>): an HTTP <c>traceparent</c> or a cluster request's trace id reaches the bot's log lines.
/// </summary>
public sealed class TracedMessage
{
    private TracedMessage(object message, Activity activity)
    {
        Message = message;
        Activity = activity;
    }

    /// <summary>What was sent.</summary>
    public object Message { get; }

    /// <summary>The activity current at the send.</summary>
    public Activity Activity { get; }

    /// <summary><paramref name="message"/> wrapped with the current activity, or itself when none is current (nothing to carry, nothing allocated).</summary>
    public static object Wrap(object message) =>
        Activity.Current is { IsStopped: false } activity ? new TracedMessage(message, activity) : message;

    /// <summary>
    /// For an actor's <c>AroundReceive</c>: when <paramref name="message"/> is traced, replaces it with the message it carries
    /// and makes the sender's activity current until the returned scope is disposed (the end of the receive); any other
    /// message is left as it is, at no cost.
    /// </summary>
    public static Scope Enter(ref object message)
    {
        if (message is not TracedMessage traced)
        {
            return default;
        }
        message = traced.Message;
        var outer = Activity.Current;
        ActorRpcTracing.MakeCurrent(traced.Activity);
        return new Scope(outer, entered: true);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Message} (traced {Activity.TraceId})";

    /// <summary>Restores the activity that was current before <see cref="Enter"/> (nothing, when nothing was entered).</summary>
    public readonly struct Scope(Activity? outer, bool entered) : IDisposable
    {
        /// <summary>Restores the outer activity.</summary>
        public void Dispose()
        {
            if (entered)
            {
                ActorRpcTracing.MakeCurrent(outer);
            }
        }
    }
}
