using System.Net;
using System.Net.Sockets;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// Decides whether a peer may call the local-only methods (RunCommand, RunLua): only peers inside the
/// configured networks, by default exactly 127.0.0.1 as in the original.
/// </summary>
public sealed class TrustedNetworks
{
    /// <summary>The parsed networks.</summary>
    private readonly IReadOnlyList<IPNetwork> _networks;

    /// <summary>Parses <paramref name="networks"/> (CIDR, e.g. <c>172.20.0.0/16</c>, or a single address).</summary>
    /// <exception cref="FormatException">An entry is not a network.</exception>
    public TrustedNetworks(IEnumerable<string> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks.Select(Parse).ToList();
    }

    /// <summary>True when <paramref name="address"/> may call RunCommand and RunLua.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return _networks.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    private static IPNetwork Parse(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }
        throw new FormatException($"'{text}' is not a network (expected CIDR such as 172.20.0.0/16, or an address).");
    }
}
