using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The TCP section's baseline: a bare framed echo server with the gateway's handshake and 8-byte framing and
/// the same transport (a <see cref="NetworkStream"/> read and written through System.IO.Pipelines), but no
/// actors and no methods: one task per connection answers every complete request frame in what it has read
/// with a RESULT frame carrying a fixed body, then flushes once. On 127.0.0.1, a free port.
/// </summary>
internal sealed class BareEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;

    /// <summary>The whole RESULT frame every request gets: header and the fixed body.</summary>
    private readonly byte[] _reply;

    private readonly CancellationTokenSource _stopping = new();

    private readonly Task _accepting;

    /// <summary>Sockets of the connections being served (closed on dispose).</summary>
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();

    /// <summary>Connections that completed the handshake and are still open.</summary>
    private int _open;

    /// <summary>Connection tasks still running.</summary>
    private int _running;

    /// <summary>Listens on 127.0.0.1 at a free port; every request is answered with a RESULT carrying <paramref name="replyBody"/>.</summary>
    public BareEchoServer(ReadOnlySpan<byte> replyBody)
    {
        _reply = TcpWire.Frame(TcpWire.ReplyResult, replyBody);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1024);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Connections that completed the handshake and are still open.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            socket.NoDelay = true;
            _sockets.TryAdd(socket, 0);
            Interlocked.Increment(ref _running);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var shookHands = false;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                var mustFlush = false;
                if (!shookHands)
                {
                    if (buffer.Length < TcpWire.HandshakeLength)
                    {
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        if (read.IsCompleted)
                        {
                            return;
                        }
                        continue;
                    }
                    if (!IsClientHandshake(buffer))
                    {
                        return;
                    }
                    buffer = buffer.Slice(TcpWire.HandshakeLength);
                    writer.Write(TcpWire.ServerHandshake);
                    mustFlush = true;
                    shookHands = true;
                    Interlocked.Increment(ref _open);
                }
                while (TryReadHeader(buffer, out var id, out var size))
                {
                    if (id == TcpWire.RequestQuit || size is < 0 or > TcpWire.MaxBody)
                    {
                        return;
                    }
                    if (buffer.Length < TcpWire.HeaderLength + (long)size)
                    {
                        break;
                    }
                    buffer = buffer.Slice(TcpWire.HeaderLength + (long)size);
                    writer.Write(_reply);
                    mustFlush = true;
                }
                if (mustFlush)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The peer went away or the server is stopping.
        }
        finally
        {
            if (shookHands)
            {
                Interlocked.Decrement(ref _open);
            }
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _sockets.TryRemove(socket, out _);
            Interlocked.Decrement(ref _running);
        }
    }

    private static bool IsClientHandshake(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> hello = stackalloc byte[TcpWire.HandshakeLength];
        buffer.Slice(0, TcpWire.HandshakeLength).CopyTo(hello);
        return hello.SequenceEqual(TcpWire.ClientHandshake);
    }

    private static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out short id, out int size)
    {
        if (buffer.Length < TcpWire.HeaderLength)
        {
            id = 0;
            size = 0;
            return false;
        }
        Span<byte> header = stackalloc byte[TcpWire.HeaderLength];
        buffer.Slice(0, TcpWire.HeaderLength).CopyTo(header);
        (id, size) = TcpWire.ReadHeader(header);
        return true;
    }

    /// <summary>Stops accepting, closes every connection and waits (bounded) for their tasks.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }
        var start = Environment.TickCount64;
        while (Volatile.Read(ref _running) > 0 && Environment.TickCount64 - start < 10_000)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
        if (Volatile.Read(ref _running) > 0)
        {
            Console.Error.WriteLine($"warning: the bare echo server still had {_running} connection tasks after 10 s.");
        }
        _stopping.Dispose();
    }
}
