namespace ActorRpc.Cluster.Transport;

/// <summary>A cluster-bound request could not be delivered or answered; the message says why, for the caller's reply.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
