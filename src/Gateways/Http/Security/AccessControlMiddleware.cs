using System.Net;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// Guards every <c>/Api</c> URL, and <c>/metrics</c> unless <see cref="HttpGatewayOptions.MetricsOpen"/>, in ASF's order: a banned client gets 403; without a password, a client that is
/// not on loopback or a trusted network gets 403 (unless allowed by configuration), and so does a request a browser sends for a page
/// of another origin (<see cref="CrossSiteRequests"/>); with a password, a request
/// without it gets 401 and one with a wrong one gets 401 and counts towards a ban. The password comes from the
/// <c>Authentication</c> header or, when there is no such header, the <c>password</c> query parameter. Refusals carry ASF's
/// <c>Result: {StatusCode, Permanent}</c> (<see cref="StatusCodeResult"/>).
/// </summary>
internal sealed class AccessControlMiddleware(RequestDelegate next, Gateway gateway, ILogger<AccessControlMiddleware> log)
{
    /// <summary>The header that carries the password (ASF's name; not <c>Authorization</c>).</summary>
    public const string PasswordHeader = "Authentication";

    /// <summary>The query parameter that carries the password.</summary>
    public const string PasswordParameter = "password";

    /// <summary>The <c>Result</c> of a ban's 403: it passes (not permanent).</summary>
    private static readonly StatusCodeResult s_banned = new(StatusCodes.Status403Forbidden, Permanent: false);

    /// <summary>The <c>Result</c> of a 403 that only configuration can change (no password, and not a client it serves without one).</summary>
    private static readonly StatusCodeResult s_neverWithoutPassword = new(StatusCodes.Status403Forbidden, Permanent: true);

    /// <summary>The <c>Result</c> of a 401: without the right password nothing changes.</summary>
    private static readonly StatusCodeResult s_passwordNeeded = new(StatusCodes.Status401Unauthorized, Permanent: true);

    /// <summary>The networks treated like loopback when there is no password.</summary>
    private readonly NetworkRange[] _trusted = [.. gateway.Options.TrustedNetworks.Select(n => NetworkRange.TryParse(n, out var range) ? range : default)];

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsGuarded(context.Request.Path))
        {
            return next(context);
        }
        var client = context.Connection.RemoteIpAddress is { } address ? ClientAddress.Normalize(address) : null;
        if (client is not null && gateway.Bans.IsBanned(client))
        {
            throw new ApiException(ApiError.Forbidden,
                $"Too many failed authentications from {client}: this address is banned for {BanList.BanDuration.TotalHours:0} hour.", s_banned);
        }
        if (!gateway.Password.HasPassword)
        {
            if (!gateway.Options.AllowNonLoopbackWithoutPassword && !IsLocal(client))
            {
                throw new ApiException(ApiError.Forbidden,
                    "This server has no IPC password, so it serves only clients on loopback or a trusted network.", s_neverWithoutPassword);
            }
            // Without a password any page open in the operator's browser could drive the node: only the node's own pages may.
            if (CrossSiteRequests.ForeignSource(context.Request) is { } source)
            {
                throw new ApiException(ApiError.Forbidden,
                    $"This server has no IPC password, so it refuses requests that a browser sends for {source}. Set an IPC password to use the API from other web pages.", s_neverWithoutPassword);
            }
            return next(context);
        }
        // The header wins, as in ASF: the query is read only when there is no header (an empty header is a missing password).
        var candidate = context.Request.Headers.TryGetValue(PasswordHeader, out var header)
            ? header.ToString()
            : context.Request.Query.TryGetValue(PasswordParameter, out var query) ? query.ToString() : null;
        if (string.IsNullOrEmpty(candidate))
        {
            throw new ApiException(ApiError.Unauthorized,
                $"This server needs the IPC password: send it in the {PasswordHeader} header or as ?{PasswordParameter}=....", s_passwordNeeded);
        }
        if (!gateway.Password.Verify(candidate))
        {
            if (client is not null && gateway.Bans.RecordFailure(client))
            {
                log.LogWarning("IPC client {Client} banned for {Hours} hour after {Failures} failed authentications",
                    client, BanList.BanDuration.TotalHours, BanList.MaxFailures);
            }
            throw new ApiException(ApiError.Unauthorized, "Wrong IPC password.", s_passwordNeeded);
        }
        return next(context);
    }

    private bool IsGuarded(PathString path) =>
        path.StartsWithSegments("/Api", StringComparison.OrdinalIgnoreCase)
        || (!gateway.Options.MetricsOpen && path.StartsWithSegments(MetricsEndpoints.Path, StringComparison.OrdinalIgnoreCase));

    private bool IsLocal(IPAddress? client) =>
        client is not null && (IPAddress.IsLoopback(client) || Array.Exists(_trusted, network => network.Contains(client)));
}
