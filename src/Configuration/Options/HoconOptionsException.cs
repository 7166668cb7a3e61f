namespace ActorRpc.Configuration.Options;

/// <summary>A configuration value cannot be read as its option's type; the message names the key, in one line.</summary>
public sealed class HoconOptionsException(string message) : Exception(message);
