using System.Text.Json;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// What ASF's clients call beyond the commands and bots: <c>POST /Api/ASF/Exit|Restart</c> (our <c>exit</c> and
/// <c>restart</c>), <c>POST /Api/ASF</c> (saving ASF's global config: refused with the reason, the node's configuration is its
/// file), <c>/Api/Storage/{key}</c> (a small key-value store ASF-ui keeps its settings in), and 501 with a reason for the
/// Steam-only endpoints, so a client shows why instead of a bare 404.
/// </summary>
internal static class AsfEndpoints
{
    /// <summary>ASF's endpoints that only make sense for Steam accounts, below <c>/Api/Bot/{botNames}/</c>.</summary>
    private static readonly string[] s_steamBotEndpoints =
        ["TwoFactorAuthentication", "GamesToRedeemInBackground", "Input", "Inventory", "Redeem", "RedeemPoints", "AddLicense", "RemoveLicense", "Rename"];

    /// <summary>ASF's own endpoints below <c>/Api/ASF/</c> that have no meaning for a node.</summary>
    private static readonly string[] s_asfOnlyEndpoints = ["Update", "Encrypt", "Hash"];

    public static void Map(IEndpointRouteBuilder api)
    {
        var asf = api.MapGroup("/ASF").WithTags("ASF");
        asf.MapPost("/Exit", (HttpContext context, Gateway gateway) => CommandEndpoints.RunAsync(gateway, "exit", context.RequestAborted))
            .WithName("ExitNode")
            .WithSummary("ASF's exit: runs the exit command (the node stops gracefully).")
            .ProducesEnvelope<string>(401, 403, 503);
        asf.MapPost("/Restart", (HttpContext context, Gateway gateway) => CommandEndpoints.RunAsync(gateway, "restart", context.RequestAborted))
            .WithName("RestartNode")
            .WithSummary("ASF's restart: runs the restart command (every plugin and bot configuration reloaded; the process keeps running).")
            .ProducesEnvelope<string>(401, 403, 503);
        asf.MapPost("/", () => ApiResults.Error(ApiError.BadRequest,
                "This node's configuration is its HOCON file (hocon/actorrpc.conf or --config FILE, flags, actorrpc__ environment variables): " +
                "edit it there and restart the node. Saving ASF's GlobalConfig over IPC is not supported."))
            .WithName("SaveGlobalConfig")
            .WithSummary("ASF's global config save: refused with the reason (400, which ASF-ui shows): the node is configured by its file.")
            .ProducesEnvelope<string>(400, 401, 403);
        foreach (var endpoint in s_asfOnlyEndpoints)
        {
            asf.Map($"/{endpoint}/{{**rest}}", () => NotSupported($"/Api/ASF/{endpoint}"))
                .WithName($"AsfOnly{endpoint}").ExcludeFromDescription();
        }
        foreach (var endpoint in s_steamBotEndpoints)
        {
            api.Map($"/Bot/{{botNames}}/{endpoint}/{{**rest}}", () => NotSupported($"/Api/Bot/{{botNames}}/{endpoint}"))
                .WithName($"SteamOnly{endpoint}").ExcludeFromDescription();
        }

        // ASF's clients ask for ASF's releases to offer updates, and ASF-ui's config editors ask which release the wiki
        // should describe before they open. The one release here is the node's own, so no client offers an update.
        var release = api.MapGroup("/WWW/GitHub/Release").WithTags("ASF");
        release.MapGet("/", () => ApiResults.Ok(NodeRelease()))
            .WithName("LatestRelease")
            .WithSummary("ASF's latest release: here, the ActorRpc release this node runs.")
            .ProducesEnvelope<ReleaseResponse>(401, 403);
        release.MapGet("/{version}", ReleaseOf)
            .WithName("Release")
            .WithSummary("A release by version ('latest': the latest stable): only this node's own is known (400 for any other).")
            .ProducesEnvelope<ReleaseResponse>(400, 401, 403);

        // ASF-ui's Commands page and config editors read ASF's wiki, and the editors do not open without an answer.
        api.MapGet("/WWW/GitHub/Wiki/Page/{page}", (string page, Gateway gateway) => ApiResults.Ok(WikiPages.Of(RouteValues.Segment(page), gateway.Router.Table)))
            .WithTags("ASF")
            .WithName("WikiPage")
            .WithSummary("ASF's wiki pages, as HTML: 'Commands' lists this node's commands and 'Configuration' its config fields, in the shape ASF-ui reads; any other page says there is no ASF wiki here.")
            .ProducesEnvelope<string>(401, 403);

        var storage = api.MapGroup("/Storage").WithTags("Storage");
        storage.MapGet("/{key}", (string key, Gateway gateway) => ApiResults.Ok<JsonElement?>(gateway.Storage.Get(RouteValues.Segment(key))))
            .WithName("GetStorage")
            .WithSummary("ASF's key-value storage: the JSON value kept under the key, or null.")
            .ProducesEnvelope<JsonElement?>(400, 401, 403);
        storage.MapPost("/{key}", SetAsync)
            .WithName("SetStorage")
            .WithSummary("Keeps the body (any JSON value; null deletes) under the key, on the node (in a file that outlives restarts). " +
                $"At most {IpcStorage.MaxKeys} keys of {IpcStorage.MaxKeyLength} characters and {IpcStorage.MaxValueBytes / 1024} KiB each.")
            .AcceptsJson<object>()
            .ProducesEnvelope<bool>(400, 401, 403, 406, 413);
        storage.MapDelete("/{key}", (string key, Gateway gateway) => ApiResults.Ok(gateway.Storage.Remove(RouteValues.Segment(key))))
            .WithName("DeleteStorage")
            .WithSummary("Forgets the key.")
            .ProducesEnvelope<bool>(400, 401, 403);
    }

    private static async Task<IResult> SetAsync(string key, HttpContext context, Gateway gateway)
    {
        JsonBody.RequireJsonContentType(context.Request);
        var value = await JsonBody.ReadValueAsync(context, IpcStorage.MaxValueBytes).ConfigureAwait(false);
        gateway.Storage.Set(RouteValues.Segment(key), value);
        return ApiResults.Ok(true);
    }

    private static IResult NotSupported(string endpoint) =>
        ApiResults.Error(ApiError.NotImplemented, $"{endpoint} is not supported by ActorRpc: it belongs to ASF's Steam accounts or to ASF itself.");

    private static IResult ReleaseOf(string version) =>
        version.Equals("latest", StringComparison.OrdinalIgnoreCase) || version == Actors.Router.CommandRouter.Version
            ? ApiResults.Ok(NodeRelease())
            : ApiResults.Error(ApiError.BadRequest, $"No release {version} is known here: this node runs ActorRpc {Actors.Router.CommandRouter.Version}, and has no ASF releases.");

    /// <summary>The release this node runs, dated by its build (the core assembly's file time).</summary>
    private static ReleaseResponse NodeRelease() => new(
        $"<p>ActorRpc {Actors.Router.CommandRouter.Version}. This node takes no ASF releases: it is updated by deploying a new build.</p>",
        s_builtAt.Value, Stable: true, Actors.Router.CommandRouter.Version);

    private static readonly Lazy<DateTimeOffset> s_builtAt = new(() =>
        typeof(Actors.Router.CommandRouter).Assembly.Location is { Length: > 0 } path && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTimeOffset.UnixEpoch);
}
