using System.Net;
using ActorRpc.Configuration.Options;
using ActorRpc.Gateways.Http.Security;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// The one check of <see cref="HttpGatewayOptions"/>: a node runs it at start (<c>ValidateOnStart</c>), the gateway's
/// registration again for hosts that build the options in code. Each failure is one line that starts with the key.
/// </summary>
public sealed class HttpGatewayOptionsValidator : HoconOptionsValidator<HttpGatewayOptions>
{
    /// <inheritdoc />
    public override string? Problem(HttpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = options.Host;
        if (string.IsNullOrWhiteSpace(host) || !(host is "*" or "+" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _)))
        {
            return Wrong(nameof(options.Host), "an IP address, localhost, * or +", host);
        }
        if (options.Port is < 0 or > 65535)
        {
            return Wrong(nameof(options.Port), "a whole number from 0 to 65535 (0: a free port)", options.Port);
        }
        if (options.MaxBodySize <= 0)
        {
            return Wrong(nameof(options.MaxBodySize), "a positive size such as 1 MiB", options.MaxBodySize);
        }
        if (options.MaxConcurrentRequests is < 1 or > 1_000_000)
        {
            return Wrong(nameof(options.MaxConcurrentRequests), "a whole number from 1 to 1000000", options.MaxConcurrentRequests);
        }
        if (!Enum.IsDefined(options.PasswordFormat))
        {
            return Wrong(nameof(options.PasswordFormat), "PlainText or Pbkdf2", options.PasswordFormat);
        }
        if (options.HasPassword && options.PasswordFormat == IpcPasswordFormat.Pbkdf2 && Pbkdf2Hash.TryParse(options.Password!, out _) is { } hash)
        {
            return $"{Key(nameof(options.Password))}: {hash}";
        }
        if (options.WebRoot is { } root && !Directory.Exists(root))
        {
            return $"{Key(nameof(options.WebRoot))}: no such folder: {root}.";
        }
        if ((options.CorsOrigins ?? []).Any(string.IsNullOrWhiteSpace))
        {
            return $"{Key(nameof(options.CorsOrigins))}: an origin must not be empty.";
        }
        if ((options.AllowedHosts ?? []).FirstOrDefault(h => !HostNames.IsHostName(h)) is { } badHost)
        {
            return $"{Key(nameof(options.AllowedHosts))}: '{badHost}' is not a host name or address (no scheme, port or path, e.g. node1 or 10.0.0.5).";
        }
        if ((options.TrustedNetworks ?? []).FirstOrDefault(n => !NetworkRange.TryParse(n, out _)) is { } badNetwork)
        {
            return $"{Key(nameof(options.TrustedNetworks))}: '{badNetwork}' is not a network in CIDR notation (e.g. 10.0.0.0/8).";
        }
        return null;
    }
}
