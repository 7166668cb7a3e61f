using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>A network in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); a bare address is a single-host network.</summary>
internal readonly record struct NetworkRange(IPAddress Network, int PrefixLength)
{
    /// <summary>Parses CIDR notation; false when <paramref name="text"/> is not a network.</summary>
    public static bool TryParse(string? text, out NetworkRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }
        address = ClientAddress.Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }
        range = new NetworkRange(address, prefix);
        return true;
    }

    /// <summary>True when <paramref name="address"/> lies in this network.</summary>
    public bool Contains(IPAddress address)
    {
        address = ClientAddress.Normalize(address);
        if (address.AddressFamily != Network.AddressFamily)
        {
            return false;
        }
        var network = Network.GetAddressBytes();
        var candidate = address.GetAddressBytes();
        var whole = PrefixLength / 8;
        for (var i = 0; i < whole; i++)
        {
            if (network[i] != candidate[i])
            {
                return false;
            }
        }
        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (network[whole] & mask) == (candidate[whole] & mask);
    }
}
