using System.Net;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Http;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// Answers 400, before anything else runs, a request for a <c>Host</c> that names neither this server nor one of <see cref="HttpGatewayOptions.AllowedHosts"/>: a page that reaches a
/// loopback node through DNS rebinding makes the browser send its own name. Accepted: <c>localhost</c>, any loopback address, the listening address, the address the
/// request came to (a server on every interface answers by each of them), and the allowed hosts. A request without
/// <c>Host</c> (HTTP/1.0, e.g. a container's health check) is no browser's and passes. The port is not compared: a
/// published or forwarded port differs from the one listened on.
/// </summary>
internal sealed class RequestTargetMiddleware(RequestDelegate next, HttpGatewayOptions options)
{
    /// <summary>Accepted names that are not addresses (<c>localhost</c> and the allowed ones).</summary>
    private readonly HashSet<string> _names = new(
        [HostNames.Localhost, .. Configured(options).Where(h => !IPAddress.TryParse(h, out _))], StringComparer.OrdinalIgnoreCase);

    /// <summary>Accepted addresses besides loopback and the connection's own.</summary>
    private readonly IPAddress[] _addresses =
        [.. Configured(options).Select(h => IPAddress.TryParse(h, out var a) ? ClientAddress.Normalize(a) : null).OfType<IPAddress>()
            .Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any))];

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue || Accepts(host.Host, context.Connection.LocalIpAddress))
        {
            return next(context);
        }
        return ErrorResponseMiddleware.WriteAsync(context, ApiError.BadRequest,
            $"Host '{host.Value}' is not a name of this server. If it is reached by that name (a reverse proxy, a container's service name), add it to actorrpc.ipc.allowed-hosts.");
    }

    private bool Accepts(string host, IPAddress? local)
    {
        var name = HostNames.Unbracket(host);
        if (!IPAddress.TryParse(name, out var address))
        {
            return _names.Contains(name);
        }
        address = ClientAddress.Normalize(address);
        return IPAddress.IsLoopback(address)
            || Array.Exists(_addresses, address.Equals)
            || (local is not null && ClientAddress.Normalize(local).Equals(address));
    }

    /// <summary>The listening host (unless every interface) and the allowed hosts, brackets removed.</summary>
    private static IEnumerable<string> Configured(HttpGatewayOptions options) =>
        (options.Host is "*" or "+" ? options.AllowedHosts : options.AllowedHosts.Append(options.Host)).Select(HostNames.Unbracket);
}
