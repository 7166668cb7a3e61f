namespace ActorRpc.Actors.Kernel.Dispatch;

internal sealed partial class ActorCell
{
    /// <summary>Actors this one watches, made on first use.</summary>
    private HashSet<IActorRef>? _watching;

    /// <summary>Actors watching this one, made on first use.</summary>
    private HashSet<InternalActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef actor)
    {
        var target = AsInternal(actor);
        if (!ReferenceEquals(target, _self) && (_watching ??= []).Add(target))
        {
            target.SendSystemMessage(new Watch(target, _self));
        }
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        var target = AsInternal(actor);
        if (_watching is not null && _watching.Remove(target))
        {
            target.SendSystemMessage(new Unwatch(target, _self));
        }
        return actor;
    }

    private static InternalActorRef AsInternal(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor as InternalActorRef
            ?? throw new ArgumentException($"{actor} is not a reference made by this kernel.", nameof(actor));
    }

    private void AddWatcher(InternalActorRef watcher)
    {
        if (!ReferenceEquals(watcher, _self))
        {
            (_watchedBy ??= []).Add(watcher);
        }
    }

    private void RemoveWatcher(InternalActorRef watcher) => _watchedBy?.Remove(watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        // Queued behind the messages already sent, like any message from the dead actor would be.
        if (!_terminating && _watching is not null && _watching.Contains(notification.Actor))
        {
            _mailbox.Post(new Envelope(new DeathWatchTerminated(new Terminated(notification.Actor, notification.ExistenceConfirmed)), notification.Actor));
        }
    }

    /// <summary>Tells watchers this actor is gone and withdraws its own watches.</summary>
    private void TellWatchersAndUnwatchAll()
    {
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                watcher.SendSystemMessage(new DeathWatchNotification(_self, existenceConfirmed: true));
            }
            _watchedBy = null;
        }
        if (_watching is not null)
        {
            foreach (var watched in _watching)
            {
                ((InternalActorRef)watched).SendSystemMessage(new Unwatch((InternalActorRef)watched, _self));
            }
            _watching = null;
        }
    }

    /// <summary>Answers a system message that reached this actor after it stopped.</summary>
    public void HandleSystemMessageAfterStop(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, _self))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self, existenceConfirmed: false));
        }
    }
}
