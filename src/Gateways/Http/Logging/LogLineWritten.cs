namespace ActorRpc.Gateways.Http.Logging;

/// <summary>A log line for a <see cref="LogStreamActor"/> to send to its client.</summary>
internal sealed record LogLineWritten(string Line);
