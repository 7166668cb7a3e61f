using System.Net;
using System.Net.Sockets;

namespace ActorRpc.Testing.Processes;

/// <summary>Ports for servers a test starts as processes (nodes, brokers), which must be told their port up front.</summary>
public static class FreePorts
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the operating system's choice for port 0).</summary>
    /// <remarks>Another process may take it before the server binds it; a server that fails to bind should be retried on a new one.</remarks>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
