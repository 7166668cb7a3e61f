using System.Text.Json;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Records;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Cluster.Sharding;

/// <summary>A bot request on a shard queue.</summary>
/// <param name="Bot">The bot.</param>
/// <param name="Operation">What to do.</param>
/// <param name="ResumeAfterMs">A timed pause's length.</param>
internal sealed record BotCall(string Bot, BotOperation Operation, long? ResumeAfterMs = null)
{
    /// <summary>The AMQP type of a bot request.</summary>
    public const string Type = "bot-call";

    /// <summary>The AMQP type of a probe (a shard's holder learns it holds the shard).</summary>
    public const string ProbeType = "probe";

    /// <summary>The request as the router knows it.</summary>
    public BotRequest ToRequest() => new(Operation, ResumeAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

    /// <summary>The wire form of <paramref name="request"/> to <paramref name="bot"/>.</summary>
    public static BotCall From(string bot, BotRequest request) => new(bot, request.Operation, request.ResumeAfter is { } span ? (long)span.TotalMilliseconds : null);
}

/// <summary>A bot request's reply: a snapshot (status), a reply line (lifecycle), or nothing (no such bot).</summary>
/// <param name="Code">The result code (of a reply line).</param>
/// <param name="Text">The reply line.</param>
/// <param name="Snapshot">The bot's state (status).</param>
/// <param name="State">The bot's state after a lifecycle request.</param>
/// <param name="Changed">Whether the lifecycle request changed it (absent, so false, from a node before this field).</param>
internal sealed record BotAnswer(CommandResultCode Code, string? Text = null, BotSnapshotWire? Snapshot = null, BotState? State = null, bool Changed = false)
{
    /// <summary>The answer for a bot that does not exist.</summary>
    public static BotAnswer Missing { get; } = new(CommandResultCode.NotFound);

    /// <summary>The answer to a result the router understands.</summary>
    public static BotAnswer From(object? result) => result switch
    {
        BotSnapshot snapshot => new(CommandResultCode.Ok, Snapshot: BotSnapshotWire.From(snapshot)),
        BotReply reply => new(reply.Code, reply.Text, State: reply.State, Changed: reply.Changed),
        _ => Missing,
    };

    /// <summary>What the router expects back from <see cref="IBotNamespace.AskAsync"/>.</summary>
    public object? ToResult() => Snapshot is { } snapshot ? snapshot.ToSnapshot() : Text is { } text ? new BotReply(Code, text, State, Changed) : null;

    /// <summary>The bytes on the wire.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ClusterJson.Options);

    /// <summary>Reads an answer.</summary>
    public static BotAnswer Parse(ReadOnlySpan<byte> bytes) => JsonSerializer.Deserialize<BotAnswer>(bytes, ClusterJson.Options) ?? Missing;
}

/// <summary>A <see cref="BotSnapshot"/> on the wire (the configuration as JSON text).</summary>
internal sealed record BotSnapshotWire(string Name, BotState State, string StatusText, string? Config, string? ConfigError,
    DateTimeOffset? ResumesAt, Dictionary<string, string>? Reports)
{
    public static BotSnapshotWire From(BotSnapshot snapshot) => new(snapshot.Name, snapshot.State, snapshot.StatusText, snapshot.Config?.ToJson(),
        snapshot.ConfigError, snapshot.ResumesAt, snapshot.Reports.Count == 0 ? null : new Dictionary<string, string>(snapshot.Reports));

    public BotSnapshot ToSnapshot() => new(Name, State, StatusText, Config is null ? null : BotConfig.Parse(Config), ConfigError, ResumesAt,
        Reports ?? new Dictionary<string, string>());
}
