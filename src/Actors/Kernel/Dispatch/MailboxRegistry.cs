namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// Every live mailbox of a system, for the mailbox-depth metrics: a list with swap-removal under a lock
/// (taken only when actors start and stop), costing each actor one slot and one index.
/// </summary>
internal sealed class MailboxRegistry
{
    /// <summary>Guards <see cref="_mailboxes"/> and the mailboxes' indexes.</summary>
    private readonly Lock _lock = new();

    /// <summary>The live mailboxes; each knows its index.</summary>
    private readonly List<Mailbox> _mailboxes = [];

    public void Add(Mailbox mailbox)
    {
        lock (_lock)
        {
            mailbox.RegistryIndex = _mailboxes.Count;
            _mailboxes.Add(mailbox);
        }
    }

    public void Remove(Mailbox mailbox)
    {
        lock (_lock)
        {
            var index = mailbox.RegistryIndex;
            if (index < 0 || index >= _mailboxes.Count || !ReferenceEquals(_mailboxes[index], mailbox))
            {
                return;
            }
            var last = _mailboxes[^1];
            _mailboxes[index] = last;
            last.RegistryIndex = index;
            _mailboxes.RemoveAt(_mailboxes.Count - 1);
            mailbox.RegistryIndex = -1;
        }
    }

    /// <summary>User messages waiting in all mailboxes, and in the deepest one.</summary>
    public (long Total, long Deepest) Depth()
    {
        long total = 0, deepest = 0;
        lock (_lock)
        {
            foreach (var mailbox in _mailboxes)
            {
                var depth = mailbox.Depth;
                total += depth;
                deepest = Math.Max(deepest, depth);
            }
        }
        return (total, deepest);
    }
}
