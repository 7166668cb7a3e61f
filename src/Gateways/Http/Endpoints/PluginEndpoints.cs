using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Json;
using ActorRpc.Gateways.Http.Protobuf;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>/Api/Plugins</c>: the loaded plugins, and RPC calls over HTTP with the protobuf JSON mapping.</summary>
internal static class PluginEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/Plugins").WithTags("Plugins");
        group.MapGet("/", List)
            .WithName("GetPlugins")
            .WithSummary("The loaded plugins with their commands, RPC methods (with type names), script functions and bot behaviours. " +
                "As ASF: ?official=false leaves out the built-in ones, ?custom=false those loaded from the plugins directory (both default to true).")
            .ProducesEnvelope<IReadOnlyList<PluginResponse>>(401, 403);
        group.MapPost("/{plugin}/{method}", CallAsync)
            .WithName("CallMethod")
            .WithSummary("Calls plugin::method with the body as its input message (protobuf JSON mapping; no body = empty message). " +
                "Status by result code: CR_OK 200, CR_WRONG_USAGE 400, CR_NOT_FOUND 404, CR_FAILURE 500, CR_LINK_FAILURE 503.")
            .AcceptsJson<object>(optional: true)
            .ProducesEnvelope<MethodCallResponse>(400, 401, 403, 404, 406, 413, 500, 503);
    }

    private static IResult List(HttpContext context, Gateway gateway)
    {
        // ASF's filters: its "official" plugins are those shipped with it, ours the ones built into the node.
        var official = Flag(context, "official");
        var custom = Flag(context, "custom");
        var plugins = gateway.Router.Table.Plugins.Values
            .Where(p => p.IsBuiltIn ? official : custom)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new PluginResponse(
                p.Name,
                p.Version,
                p.IsBuiltIn,
                [.. p.Commands.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => new PluginCommandResponse(c.Name, c.Help))],
                [.. p.Methods.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new PluginMethodResponse(
                    m.Name, m.FullName, m.Input.FullName, m.Output.FullName, m.Serial,
                    $"/Api/Plugins/{Uri.EscapeDataString(m.Plugin)}/{Uri.EscapeDataString(m.Name)}"))],
                [.. p.ScriptFunctions.Keys.OrderBy(k => k.Module, StringComparer.Ordinal).ThenBy(k => k.Function, StringComparer.Ordinal)
                    .Select(k => new ScriptFunctionResponse(k.Module, k.Function))],
                [.. p.Behaviors.Select(b => new BehaviorResponse(b.Name, b.Interval.TotalSeconds))]))
            .ToList();
        return ApiResults.Ok<IReadOnlyList<PluginResponse>>(plugins);
    }

    /// <summary>A true/false query parameter, true when absent.</summary>
    private static bool Flag(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return true;
        }
        return bool.TryParse(values.ToString(), out var value)
            ? value
            : throw new ApiException(ApiError.BadRequest, $"Query parameter '{name}' must be true or false, not '{TextLimits.Quote(values.ToString(), TextLimits.Name)}'.");
    }

    private static async Task<IResult> CallAsync(string plugin, string method, HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        plugin = RouteValues.Segment(plugin);
        method = RouteValues.Segment(method);
        var table = gateway.Router.Table;
        if (!table.Plugins.TryGetValue(plugin, out var loaded))
        {
            throw new ApiException(ApiError.NotFound, $"No such plugin: {plugin}");
        }
        if (!loaded.Methods.TryGetValue(method, out var target))
        {
            throw new ApiException(ApiError.NotFound, $"RPC method not found: {plugin}::{method}");
        }
        var body = await JsonBody.ReadObjectAsync(context, gateway.Options.MaxBodySize, optional: true).ConfigureAwait(false);
        var input = ProtobufJson.Parse(body, target.Input);
        var text = new TextCollector();
        var result = await gateway.Router.CallAsync(target, input, text, context.RequestAborted).ConfigureAwait(false);
        var (status, success) = ErrorMapping.ForMethod(result.Code);
        var written = text.Text;
        var response = new MethodCallResponse(
            target.FullName,
            ResultCodes.Name(result.Code),
            result.Code == CommandResultCode.Ok && result.Output is { } output ? ProtobufJson.Format(output) : null,
            written);
        var message = success ? "OK" : written.TrimEnd('\n') is { Length: > 0 } reason ? reason : $"{target.FullName} failed ({ResultCodes.Name(result.Code)}).";
        return ApiResults.Of(status, success, message, response);
    }
}
