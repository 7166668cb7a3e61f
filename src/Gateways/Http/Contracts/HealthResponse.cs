namespace ActorRpc.Gateways.Http.Contracts;

/// <summary><c>GET /HealthCheck</c>: enough for a load balancer or compose to decide.</summary>
/// <param name="Status"><c>Healthy</c>, or <c>Unhealthy</c> once the actor system has terminated or while a cluster member cannot serve (the message says why).</param>
/// <param name="NodeName">This node's name.</param>
/// <param name="UptimeSeconds">Seconds since the node's actor system started.</param>
internal sealed record HealthResponse(string Status, string NodeName, long UptimeSeconds);
