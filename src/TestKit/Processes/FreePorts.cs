using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorRpc.Testing.Processes;

/// <summary>Ports for servers a test starts as processes (nodes, brokers), which must be told their port up front.</summary>
/// <remarks>
/// The ports come from outside the kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>). A port the
/// operating system picks for port 0 is an ephemeral one, and so is the local port of every outgoing connection: between
/// the probe and the server's bind, or while a broker restarts on its old port, any client socket in the machine (a node's
/// connection to the broker, an HTTP client) could take it, and the server then fails with "address already in use".
/// Outside the range only servers that name a port can collide, and each call probes its port first. Successive calls
/// walk the range from a random start, so two test processes rarely try the same ports.
/// </remarks>
public static class FreePorts
{
    /// <summary>Below this, ports belong to well-known services (and to privileged binds).</summary>
    private const int Lowest = 20000;

    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    private static readonly int[] s_candidates = Candidates();

    private static int s_next = Random.Shared.Next(s_candidates.Length);

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago and that no outgoing connection will be given.</summary>
    /// <remarks>Another server may still bind it first; distinct calls in one process never return the same port until the range wraps.</remarks>
    public static int Next()
    {
        if (s_candidates.Length == 0)
        {
            return OperatingSystemChoice();
        }
        for (var tried = 0; tried < s_candidates.Length; tried++)
        {
            var port = s_candidates[(int)((uint)Interlocked.Increment(ref s_next) % (uint)s_candidates.Length)];
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free TCP port on 127.0.0.1 outside the ephemeral range ({EphemeralRange()}).");
    }

    /// <summary>The fallback where the ephemeral range covers every port from <see cref="Lowest"/> up.</summary>
    private static int OperatingSystemChoice()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int[] Candidates()
    {
        var (first, last) = EphemeralRange();
        return [.. Enumerable.Range(Lowest, Math.Max(0, first - Lowest)), .. Enumerable.Range(last + 1, Math.Max(0, IPEndPoint.MaxPort - last))];
    }

    /// <summary>The kernel's ephemeral range; Linux's default where the file cannot be read.</summary>
    private static (int First, int Last) EphemeralRange()
    {
        try
        {
            var bounds = File.ReadAllText(EphemeralRangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
