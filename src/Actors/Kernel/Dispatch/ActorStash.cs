namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>The stash of one cell: an unbounded list of envelopes, touched only on the actor's turn.</summary>
internal sealed class ActorStash(ActorCell cell) : IStash
{
    /// <summary>Stashed envelopes, oldest first.</summary>
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message) && ReferenceEquals(_stashed[^1].Sender, current.Sender))
        {
            throw new IllegalActorStateException($"{cell.Path} tried to stash the same message twice: {current.Message}");
        }
        _stashed.Add(current);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }
        cell.Prepend(_stashed);
        _stashed.Clear();
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }
        cell.Prepend([_stashed[0]]);
        _stashed.RemoveAt(0);
    }

    /// <summary>A restart keeps stashed messages: they go back to the front of the mailbox for the new instance.</summary>
    public void UnstashAllForRestart() => UnstashAll();

    public void DrainTo(Action<Envelope> sink)
    {
        foreach (var envelope in _stashed)
        {
            sink(envelope);
        }
        _stashed.Clear();
    }
}
