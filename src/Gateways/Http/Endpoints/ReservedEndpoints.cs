using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// URLs reserved for capabilities that are planned but not built: every method answers 501, so clients can tell
/// "not yet" from "no such URL" (404).
/// </summary>
internal static class ReservedEndpoints
{
    /// <summary>Each reserved prefix under <c>/Api</c> and what it will hold.</summary>
    public static IReadOnlyList<(string Prefix, string Purpose)> Reserved { get; } =
    [
        ("/Cluster", "cluster membership and shard management (RabbitMQ cluster)"),
        ("/WWW", "the web console's other helpers"),
    ];

    public static void Map(IEndpointRouteBuilder api)
    {
        foreach (var (prefix, purpose) in Reserved)
        {
            api.Map($"{prefix}/{{**rest}}", () => ApiResults.Error(ApiError.NotImplemented, $"/Api{prefix} is reserved for {purpose}; not implemented yet."))
                .WithTags("Reserved")
                .WithName($"Reserved{prefix.TrimStart('/')}")
                .WithSummary($"Reserved for {purpose}: 501 for now.")
                .ExcludeFromDescription();
        }
    }
}
