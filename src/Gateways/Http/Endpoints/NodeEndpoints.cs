using System.Diagnostics;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>GET /Api/ASF</c> (this node and the cluster) and <c>GET /HealthCheck</c> (no authentication).</summary>
internal static class NodeEndpoints
{
    /// <summary>The health check's URL (outside authentication and the concurrency limit).</summary>
    public const string HealthPath = "/HealthCheck";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/ASF", GetNode)
            .WithTags("ASF")
            .WithName("GetNode")
            .WithSummary("This node: version, uptime, memory, name, and the cluster's members.")
            .ProducesEnvelope<NodeResponse>(401, 403);
    }

    public static void MapHealth(IEndpointRouteBuilder root)
    {
        root.MapGet(HealthPath, GetHealth)
            .WithTags("Health")
            .WithName("HealthCheck")
            .WithSummary("200 while the node can serve (no authentication); 503 once its actor system has terminated, or while a cluster member cannot serve cluster requests (broker unreachable, not a member), with the reason.")
            .ProducesEnvelope<HealthResponse>(503);
    }

    private static IResult GetNode(Gateway gateway)
    {
        var table = gateway.Router.Table;
        var started = StartedAt(gateway);
        using var process = Process.GetCurrentProcess();
        var members = gateway.Router.Members.Select(m => new NodeMember(m.NodeName, m.Version, m.StartedAt, m.Self, m.Bots.Count, m.Bots, m.Shards, m.Plugins, m.CommandsRun)).ToList();
        return ApiResults.Ok(new NodeResponse(
            gateway.Router.NodeName,
            CommandRouter.Version,
            started,
            Uptime(gateway),
            ProcessStartTime(gateway, process),
            GC.GetTotalMemory(forceFullCollection: false) / 1024,
            process.WorkingSet64 / 1024,
            table.Bots.Count,
            table.Plugins.Count,
            gateway.CommandsAllowed,
            members,
            new AsfGlobalConfig(gateway.Options.OwnerId, (byte)gateway.Options.PasswordFormat)));
    }

    private static IResult GetHealth(Gateway gateway)
    {
        var problem = gateway.System.WhenTerminated.IsCompleted
            ? "The node's actor system has terminated."
            : gateway.Router.ClusterUnavailable is { } reason ? $"This node cannot serve cluster requests: {reason}." : null;
        var health = new HealthResponse(problem is null ? "Healthy" : "Unhealthy", gateway.Router.NodeName, Uptime(gateway));
        return problem is null
            ? ApiResults.Ok(health)
            : ApiResults.Of(ErrorMapping.StatusCodeOf(ApiError.ServiceUnavailable), false, problem, health);
    }

    /// <summary>
    /// ASF's <c>ProcessStartTime</c>: when the process started or, after it, when <c>restart</c> last finished. ASF's restart
    /// starts a new process and its clients (ASF-ui) see it done when this time changes; ours restarts plugins and bots
    /// in the process, and this is how a client sees it done.
    /// </summary>
    private static DateTimeOffset ProcessStartTime(Gateway gateway, Process process)
    {
        var started = new DateTimeOffset(process.StartTime);
        return gateway.Router.RestartedAt is { } restarted && restarted > started ? restarted : started;
    }

    /// <summary>When the node's actor system started (Akka keeps it as time since the Unix epoch).</summary>
    private static DateTimeOffset StartedAt(Gateway gateway) => DateTimeOffset.UnixEpoch + gateway.System.StartTime;

    private static long Uptime(Gateway gateway) => (long)Math.Max(0, (gateway.Time.GetUtcNow() - StartedAt(gateway)).TotalSeconds);
}
