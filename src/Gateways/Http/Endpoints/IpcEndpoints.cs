using System.Net;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>/Api/IPC/Bans</c>: list and lift the bans of clients that failed authentication too often.</summary>
internal static class IpcEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/IPC/Bans").WithTags("IPC");
        group.MapGet("/", (Gateway gateway) => ApiResults.Ok<IReadOnlyList<string>>([.. gateway.Bans.Bans().Select(b => b.Address.ToString())]))
            .WithName("GetBans")
            .WithSummary("The banned client addresses (banned for one hour after 5 failed authentications).")
            .ProducesEnvelope<IReadOnlyList<string>>(401, 403);
        group.MapDelete("/", LiftAll)
            .WithName("LiftBans")
            .WithSummary("Lifts every ban; the result is how many were lifted.")
            .ProducesEnvelope<int>(401, 403);
        group.MapDelete("/{ip}", Lift)
            .WithName("LiftBan")
            .WithSummary("Lifts the ban of one address; 400 when it is not an address or not banned.")
            .ProducesEnvelope<string>(400, 401, 403);
    }

    private static IResult LiftAll(Gateway gateway, ILogger<Gateway> log)
    {
        var lifted = gateway.Bans.LiftAll();
        log.LogInformation("IPC bans lifted: {Count}", lifted);
        return ApiResults.Ok(lifted);
    }

    private static IResult Lift(string ip, Gateway gateway, ILogger<Gateway> log)
    {
        if (!IPAddress.TryParse(RouteValues.Segment(ip), out var address))
        {
            throw new ApiException(ApiError.BadRequest, $"'{ip}' is not an IP address.");
        }
        if (!gateway.Bans.Lift(address))
        {
            throw new ApiException(ApiError.BadRequest, $"{address} is not banned.");
        }
        log.LogInformation("IPC ban of {Client} lifted", address);
        return ApiResults.Ok(address.ToString());
    }
}
