using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Logging;
using ActorRpc.Gateways.Http.Security;

namespace ActorRpc.Gateways.Http;

/// <summary>What every endpoint of the gateway works with: the settings, the core, the log, the bans and the clock.</summary>
internal sealed class Gateway(
    HttpGatewayOptions options,
    ICommandRouter router,
    ActorSystem system,
    LogHistory history,
    BanList bans,
    PasswordVerifier password,
    IpcStorage storage,
    TimeProvider time)
{
    /// <summary>The settings.</summary>
    public HttpGatewayOptions Options { get; } = options;

    /// <summary>The core.</summary>
    public ICommandRouter Router { get; } = router;

    /// <summary>The node's actor system (log sessions are its actors).</summary>
    public ActorSystem System { get; } = system;

    /// <summary>The log the <c>/Api/NLog</c> (and <c>/Api/Log</c>) WebSocket streams.</summary>
    public LogHistory History { get; } = history;

    /// <summary>Failed authentications and bans.</summary>
    public BanList Bans { get; } = bans;

    /// <summary>The password check.</summary>
    public PasswordVerifier Password { get; } = password;

    /// <summary>ASF's <c>/Api/Storage</c> values.</summary>
    public IpcStorage Storage { get; } = storage;

    /// <summary>The clock (bans, uptime).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>False while no owner is configured: command endpoints answer 503.</summary>
    public bool CommandsAllowed => Options.OwnerId != 0 && Router.CommandsAllowed;

    /// <summary>Throws 503 while command access is prohibited.</summary>
    public void RequireCommandAccess()
    {
        if (!CommandsAllowed)
        {
            throw new ApiException(ApiError.ServiceUnavailable, "Command access is prohibited: no owner is configured (OwnerId is 0).");
        }
    }
}
