using System.Text.Json.Nodes;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>/Api/Structure/{type}</c> and <c>/Api/Type/{type}</c>: what a configuration or message looks like.</summary>
internal static class StructureEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/Structure/{type}", (string type, Gateway gateway) => ApiResults.Ok(Find(type, gateway).Structure))
            .WithTags("Structure")
            .WithName("GetStructure")
            .WithSummary("A default-valued instance of BotConfig, HttpGatewayOptions, a plugin method's protobuf message (e.g. dfproto.StringMessage), " +
                "or ASF's ArchiSteamFarm.Steam.Storage.BotConfig and ArchiSteamFarm.Storage.GlobalConfig.")
            .ProducesEnvelope<JsonObject>(400, 401, 403);
        api.MapGet("/Type/{type}", (string type, Gateway gateway) => ApiResults.Ok(TypeResponse.Of(Find(type, gateway))))
            .WithTags("Structure")
            .WithName("GetType")
            .WithSummary("ASF's {Body: field name -> type name, Properties: {BaseType, CustomAttributes, UnderlyingType}} of BotConfig, HttpGatewayOptions, " +
                "a plugin method's protobuf message, or ASF's ArchiSteamFarm.Steam.Storage.BotConfig and ArchiSteamFarm.Storage.GlobalConfig.")
            .ProducesEnvelope<TypeResponse>(400, 401, 403);
    }

    private static ConfigTypes.Description Find(string type, Gateway gateway) =>
        ConfigTypes.Find(RouteValues.Segment(type), gateway.Router.Table, out var known)
            ?? throw new ApiException(ApiError.BadRequest, $"Unknown type '{type}'. Known types: {string.Join(", ", known)}.");
}
