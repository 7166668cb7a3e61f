namespace ActorRpc.Actors.Kernel;

/// <summary>
/// The system's publish/subscribe bus (dead letters, unhandled messages, anything an actor publishes).
/// A subscriber receives every event assignable to a type it subscribed to.
/// </summary>
public sealed class EventStream
{
    /// <summary>Copy-on-write, so publishing reads without a lock.</summary>
    private (Type Channel, IActorRef Subscriber)[] _subscriptions = [];

    /// <summary>Guards writers of <see cref="_subscriptions"/>.</summary>
    private readonly Lock _lock = new();

    /// <summary>Subscribes <paramref name="subscriber"/> to events of type <paramref name="channel"/> (and subtypes); false if it already was.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            if (Array.Exists(_subscriptions, s => s.Channel == channel && s.Subscriber.Equals(subscriber)))
            {
                return false;
            }
            _subscriptions = [.. _subscriptions, (channel, subscriber)];
            return true;
        }
    }

    /// <summary>Removes <paramref name="subscriber"/> from <paramref name="channel"/>, or from every channel when it is null.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type? channel = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            var kept = Array.FindAll(_subscriptions, s => !(s.Subscriber.Equals(subscriber) && (channel is null || s.Channel == channel)));
            var removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    /// <summary>True when someone listens for events like <paramref name="eventType"/>; lets publishers skip building events.</summary>
    public bool HasSubscribers(Type eventType)
    {
        foreach (var (channel, _) in Volatile.Read(ref _subscriptions))
        {
            if (channel.IsAssignableFrom(eventType))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Delivers <paramref name="event"/> to every matching subscriber, with no sender.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var (channel, subscriber) in Volatile.Read(ref _subscriptions))
        {
            if (channel.IsInstanceOfType(@event))
            {
                subscriber.Tell(@event, null);
            }
        }
    }
}
