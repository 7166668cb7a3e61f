using System.Net;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// Failed authentications per client address: the <see cref="MaxFailures"/>th failure bans the address for
/// <see cref="BanDuration"/>. A count that sees no new failure for <see cref="BanDuration"/> is forgotten, so
/// occasional typos never add up to a ban.
/// </summary>
internal sealed class BanList(TimeProvider time)
{
    /// <summary>Failures that ban an address (ASF's limit).</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a ban lasts (ASF's).</summary>
    public static readonly TimeSpan BanDuration = TimeSpan.FromHours(1);

    /// <summary>Above this many entries, stale ones are swept on the next failure.</summary>
    private const int SweepThreshold = 1024;

    /// <summary>Entries by normalized address.</summary>
    private readonly Dictionary<IPAddress, Entry> _entries = [];

    /// <summary>Guards <see cref="_entries"/>.</summary>
    private readonly Lock _lock = new();

    /// <summary>True when <paramref name="address"/> is banned now.</summary>
    public bool IsBanned(IPAddress address)
    {
        address = ClientAddress.Normalize(address);
        lock (_lock)
        {
            return _entries.TryGetValue(address, out var entry) && IsActive(entry, time.GetUtcNow());
        }
    }

    /// <summary>Counts a failure; true when it banned the address.</summary>
    public bool RecordFailure(IPAddress address)
    {
        address = ClientAddress.Normalize(address);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.Count > SweepThreshold)
            {
                Sweep(now);
            }
            if (!_entries.TryGetValue(address, out var entry) || now - entry.LastFailure >= BanDuration)
            {
                entry = new Entry();
                _entries[address] = entry;
            }
            entry.Failures++;
            entry.LastFailure = now;
            if (entry.Failures >= MaxFailures && entry.BannedUntil is null)
            {
                entry.BannedUntil = now + BanDuration;
                return true;
            }
            return false;
        }
    }

    /// <summary>The banned addresses with the end of their ban, in address order.</summary>
    public IReadOnlyList<(IPAddress Address, DateTimeOffset Until)> Bans()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Sweep(now);
            return _entries.Where(e => IsActive(e.Value, now))
                .Select(e => (e.Key, e.Value.BannedUntil!.Value))
                .OrderBy(e => e.Key.ToString(), StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Lifts the ban of <paramref name="address"/> (and forgets its failures); false when it was not banned.</summary>
    public bool Lift(IPAddress address)
    {
        address = ClientAddress.Normalize(address);
        lock (_lock)
        {
            var banned = _entries.TryGetValue(address, out var entry) && IsActive(entry, time.GetUtcNow());
            _entries.Remove(address);
            return banned;
        }
    }

    /// <summary>Lifts every ban and forgets every failure; returns how many bans were lifted.</summary>
    public int LiftAll()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var lifted = _entries.Values.Count(e => IsActive(e, now));
            _entries.Clear();
            return lifted;
        }
    }

    private static bool IsActive(Entry entry, DateTimeOffset now) => entry.BannedUntil is { } until && until > now;

    /// <summary>Drops expired bans and failure counts that have gone quiet.</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, entry) in _entries.ToList())
        {
            if (!IsActive(entry, now) && now - entry.LastFailure >= BanDuration)
            {
                _entries.Remove(address);
            }
        }
    }

    /// <summary>One address's failures.</summary>
    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset? BannedUntil { get; set; }
    }
}
