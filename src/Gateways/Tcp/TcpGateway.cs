using System.Net;
using System.Net.Sockets;
using ActorRpc.Actors.Runtime;
using Akka.Actor;
using ActorRpc.Actors.Router;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// The TCP RPC gateway: listens on <see cref="TcpGatewayOptions.Port"/> (127.0.0.1 unless remote access is
/// allowed) and hands every accepted socket to a connection actor. If the port is taken it logs one clear
/// error and the rest of the node keeps running.
/// </summary>
public sealed class TcpGateway : IHostedService, IAsyncDisposable
{
    /// <summary>The node's actor system.</summary>
    private readonly ActorSystem _system;

    /// <summary>Where requests go.</summary>
    private readonly ICommandRouter _router;

    /// <summary>Settings.</summary>
    private readonly TcpGatewayOptions _options;

    /// <summary>The gateway's log.</summary>
    private readonly ILogger _log;

    /// <summary>Stops the accept loop.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The listening socket, once bound.</summary>
    private Socket? _listener;

    /// <summary>The accept loop.</summary>
    private Task _accepting = Task.CompletedTask;

    /// <summary>The parent of the connection actors.</summary>
    private IActorRef _connections = ActorRefs.Nobody;

    /// <summary>1 once stopping began: stop and dispose may both be called (host and container).</summary>
    private int _stopped;

    /// <summary>A gateway over <paramref name="router"/> in <paramref name="system"/>.</summary>
    public TcpGateway(ActorSystem system, ICommandRouter router, TcpGatewayOptions options, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(logs);
        new TcpGatewayOptionsValidator().ThrowIfInvalid(options);
        _system = system;
        _router = router;
        _options = options;
        _log = logs.CreateLogger("ActorRpc.Gateways.Tcp");
    }

    /// <summary>The port actually listened on (after binding port 0), or 0 when not listening.</summary>
    public int Port { get; private set; }

    /// <summary>How many connections are open now.</summary>
    public Task<int> CountConnectionsAsync(TimeSpan timeout) =>
        ReferenceEquals(_connections, ActorRefs.Nobody) ? Task.FromResult(0) : _connections.Ask<int>(GetConnectionCount.Instance, timeout);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var trusted = new TrustedNetworks(_options.TrustedNetworks);
        var endpoint = new IPEndPoint(_options.ListenAddress, _options.Port);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(1024);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            _log.LogError("TCP RPC gateway cannot listen on {Endpoint}: {Reason}. The node runs on without it", endpoint, ex.Message);
            return Task.CompletedTask;
        }
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _connections = _system.ActorOf(ActorProps.Of(() => new TcpGatewayActor(_router, trusted, _options, _log)), "tcp");
        _accepting = AcceptLoopAsync(listener);
        _log.LogInformation("TCP RPC gateway listening on {Address}:{Port}", _options.ListenAddress, Port);
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _log.LogWarning("Accepting a TCP connection failed: {Reason}", ex.Message);
                continue;
            }
            try
            {
                Configure(socket);
            }
            catch (SocketException ex)
            {
                // A socket that cannot take the options still works; the accept loop must not die for it.
                _log.LogDebug("Could not set keep-alive on an accepted connection: {Reason}", ex.Message);
            }
            _connections.Tell(new ConnectionAccepted(socket), null);
        }
    }

    /// <summary>No Nagle delay for small replies; keep-alive so a vanished peer's connection is found and closed.</summary>
    private void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Math.Max(1, (int)_options.KeepAliveIdle.TotalSeconds));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        if (!ReferenceEquals(_connections, ActorRefs.Nobody))
        {
            try
            {
                await _connections.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TaskCanceledException or AskTimeoutException)
            {
                _log.LogWarning("The TCP connections did not all close within 5 s");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
