namespace ActorRpc.Gateways.Http.Logging;

/// <summary>Tells a <see cref="LogStreamActor"/> that its client has gone: unsubscribe and stop.</summary>
internal sealed record EndLogSession
{
    /// <summary>The single instance.</summary>
    public static readonly EndLogSession Instance = new();
}
