using System.Net;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>Client addresses as the gateway compares them.</summary>
internal static class ClientAddress
{
    /// <summary>An IPv4 client seen through an IPv6 socket (<c>::ffff:1.2.3.4</c>) is the IPv4 client.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
