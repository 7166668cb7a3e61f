using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// One per TCP connection. A reader task turns bytes into <see cref="FrameReceived"/> messages; this actor
/// owns the connection's method table (core ids 0..6, then bound methods in bind order), its suspension
/// depth and its in-order reply queue. Requests are dispatched at once and may run concurrently; each
/// call's TEXT and RESULT/FAIL frames go out strictly in request order: the oldest incomplete call streams
/// its text as it comes, later calls buffer theirs. Split by concern: <c>.Dispatch</c> (what each request
/// does) and <c>.Replies</c> (the ordered reply queue and the writer).
/// </summary>
internal sealed partial class ConnectionActor : ReceiveActor
{
    /// <summary>The connection's socket.</summary>
    private readonly Socket _socket;

    /// <summary>The stream over the socket, shared by reader and writer.</summary>
    private readonly NetworkStream _stream;

    /// <summary>Writes frames; touched only on this actor's turn.</summary>
    private readonly PipeWriter _writer;

    /// <summary>Where requests go.</summary>
    private readonly ICommandRouter _router;

    /// <summary>This connection's session at the router's suspension gate (CoreSuspend, and the order its commands are admitted in).</summary>
    private readonly long _session;

    /// <summary>Who may call RunCommand and RunLua.</summary>
    private readonly TrustedNetworks _trusted;

    /// <summary>Settings.</summary>
    private readonly TcpGatewayOptions _options;

    /// <summary>The connection's log.</summary>
    private readonly ILogger _log;

    /// <summary>This connection's number (for suspensions and logs).</summary>
    private readonly long _id;

    /// <summary>The peer's address.</summary>
    private readonly IPAddress _peer;

    /// <summary>Cancelled when the connection ends: calls in flight stop, the reader stops.</summary>
    private readonly CancellationTokenSource _closing = new();

    /// <summary>The gateway's budget of warnings about misbehaving clients (a fuzzer must not flood the log).</summary>
    private readonly LogThrottle _complaints;

    /// <summary>Bounds the requests in flight; the reader waits for a slot before passing on the next request.</summary>
    private readonly SemaphoreSlim _slots;

    public ConnectionActor(Socket socket, long id, ICommandRouter router, TrustedNetworks trusted, TcpGatewayOptions options, LogThrottle complaints, ILogger log)
    {
        _complaints = complaints;
        _socket = socket;
        _id = id;
        _router = router;
        _session = router.Suspensions.OpenSession();
        _trusted = trusted;
        _options = options;
        _log = log;
        _peer = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _slots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _methods = [.. RpcProtocol.CoreMethods.Select(m => new Binding(m, null))];

        Receive<FrameReceived>(OnFrame);
        Receive<CallText>(OnText);
        Receive<CallDone>(OnDone);
        ReceiveAsync<FlushWrites>(_ => FlushAsync());
        Receive<ConnectionClosed>(closed =>
        {
            _log.LogDebug("Connection {Id} from {Peer} closed: {Reason}", _id, _peer, closed.Reason);
            Context.Stop(Self);
        });
    }

    protected override void PreStart()
    {
        ActorRpcMetrics.TcpConnections.Add(1);
        var self = Self;
        _ = Task.Run(() => ReadLoopAsync(self));
    }

    protected override void PostStop()
    {
        ActorRpcMetrics.TcpConnections.Add(-1);
        _closing.Cancel();
        _router.Suspensions.SetDepth(_session, 0);
        try
        {
            // Completing writes out what is still buffered: to a peer that left, that fails, as it routinely may.
            _writer.Complete();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _log.LogDebug("Connection {Id} from {Peer}: the last replies were not delivered: {Error}", _id, _peer, ex.Message);
        }
        _stream.Dispose();
        _closing.Dispose();
    }

    /// <summary>Reads the handshake, then frames, until the connection ends; never throws.</summary>
    private async Task ReadLoopAsync(IActorRef self)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        var reason = "end of stream";
        try
        {
            reason = await ReadFramesAsync(reader, self).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = "closed by the node";
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            reason = ex.Message;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            self.Tell(new ConnectionClosed(reason), null);
        }
    }

    private async Task<string> ReadFramesAsync(PipeReader reader, IActorRef self)
    {
        var token = _closing.Token;
        var shookHands = false;
        while (true)
        {
            var read = await reader.ReadAsync(token).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (!shookHands)
            {
                switch (Frames.ReadHandshake(ref buffer, out var version))
                {
                    case Frames.Handshake.Incomplete:
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        if (read.IsCompleted)
                        {
                            return "closed during the handshake";
                        }
                        continue;
                    case Frames.Handshake.BadMagic:
                        _complaints.Warn(_log, "Connection {Id} from {Peer}: bad handshake: not the DFHack protocol's magic; closing", _id, _peer);
                        return "bad handshake magic";
                    case Frames.Handshake.BadVersion:
                        _complaints.Warn(_log, "Connection {Id} from {Peer}: bad handshake: client version {Version} outside 1..255; closing", _id, _peer, version);
                        return "bad handshake version";
                }
                shookHands = true;
                // Nothing else writes before the first frame reaches the actor.
                Frames.WriteHandshake(_writer);
                await _writer.FlushAsync(token).ConfigureAwait(false);
            }
            while (WireFrames.TryReadHeader(buffer, out var id, out var size))
            {
                if (id == WireFrames.RequestQuit)
                {
                    return "QUIT";
                }
                if (size < 0 || size > _options.MaxFrameSize)
                {
                    _complaints.Warn(_log, "Connection {Id} from {Peer}: frame size {Size} outside 0..{Max}; closing", _id, _peer, size, _options.MaxFrameSize);
                    return "bad frame size";
                }
                if (buffer.Length < WireFrames.HeaderLength + (long)size)
                {
                    break;
                }
                var body = size == 0 ? [] : buffer.Slice(WireFrames.HeaderLength, size).ToArray();
                buffer = buffer.Slice(WireFrames.HeaderLength + (long)size);
                if (!_slots.Wait(0))
                {
                    // Too many calls in flight: stop reading until one completes, so TCP pushes back on the client.
                    reader.AdvanceTo(buffer.Start, buffer.Start);
                    await _slots.WaitAsync(token).ConfigureAwait(false);
                    self.Tell(new FrameReceived(id, body), null);
                    goto NextRead;
                }
                self.Tell(new FrameReceived(id, body), null);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return buffer.IsEmpty ? "end of stream" : "end of stream inside a frame";
            }
        NextRead:
            ;
        }
    }
}
