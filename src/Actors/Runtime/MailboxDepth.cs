using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorRpc.Actors.Runtime;

/// <summary>How many user messages wait in an actor system's mailboxes: all of them, and in the deepest one.</summary>
public readonly record struct MailboxDepthReading(long Total, long Deepest);

/// <summary>
/// The node's default mailbox (<c>akka.actor.default-mailbox.mailbox-type</c>): Akka's unbounded queue, plus a
/// registry of the live queues so <c>actorrpc.mailbox.depth</c> and <c>.max</c> can be read. Akka has no API for a
/// mailbox's depth; counting on every enqueue would put a shared counter on every send, so the queues are summed
/// when the metric is read (a scrape), not when messages move.
/// </summary>
public sealed class DepthCountingMailbox : MailboxType, IProducesMessageQueue<DepthCountingMailbox.Queue>
{
    /// <summary>The configuration value that makes this the default mailbox.</summary>
    public const string TypeName = "ActorRpc.Actors.Runtime.DepthCountingMailbox, ActorRpc.Actors";

    private static readonly ConditionalWeakTable<ActorSystem, ConcurrentDictionary<Queue, byte>> s_queues = new();

    /// <summary>Made by Akka, once per actor system, from the mailbox's configuration.</summary>
    public DepthCountingMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    /// <summary>The depth of <paramref name="system"/>'s mailboxes (zero for a system not using this mailbox).</summary>
    public static MailboxDepthReading Read(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!s_queues.TryGetValue(system, out var queues))
        {
            return default;
        }
        long total = 0;
        long deepest = 0;
        foreach (var queue in queues.Keys)
        {
            var count = queue.Count;
            total += count;
            deepest = Math.Max(deepest, count);
        }
        return new MailboxDepthReading(total, deepest);
    }

    /// <summary>A new queue for <paramref name="owner"/>, registered until Akka cleans it up.</summary>
    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        // Akka also asks for queues with no owner or system (dead letters' and tests' own); those are not counted.
        if (system is null)
        {
            return new Queue(null);
        }
        var queues = s_queues.GetValue(system, static _ => new ConcurrentDictionary<Queue, byte>(ReferenceEqualityComparer.Instance));
        var queue = new Queue(queues);
        queues.TryAdd(queue, 0);
        return queue;
    }

    /// <summary>Akka's unbounded queue that leaves the registry when its actor's mailbox is cleaned up.</summary>
    public sealed class Queue(ConcurrentDictionary<Queue, byte>? registry) : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        private readonly UnboundedMessageQueue _inner = new();

        /// <inheritdoc/>
        public bool HasMessages => _inner.HasMessages;

        /// <inheritdoc/>
        public int Count => _inner.Count;

        /// <inheritdoc/>
        public void Enqueue(IActorRef receiver, Envelope envelope) => _inner.Enqueue(receiver, envelope);

        /// <inheritdoc/>
        public bool TryDequeue(out Envelope envelope) => _inner.TryDequeue(out envelope);

        /// <inheritdoc/>
        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            registry?.TryRemove(this, out _);
            _inner.CleanUp(owner, deadletters);
        }
    }
}
