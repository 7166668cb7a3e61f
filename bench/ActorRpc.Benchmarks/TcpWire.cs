using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The benchmark's own copy of the DFHack remote protocol's framing (handshake, 8-byte header), written from
/// the spec and not shared with the gateway, so neither side measures the other's code.
/// </summary>
internal static class TcpWire
{
    public const int HandshakeLength = 12;

    public const int HeaderLength = 8;

    /// <summary>The largest body either side accepts (64 MiB, as the protocol's limit).</summary>
    public const int MaxBody = 64 * 1024 * 1024;

    public const short ReplyResult = -1;

    public const short ReplyFail = -2;

    public const short ReplyText = -3;

    public const short RequestQuit = -4;

    public const short BindMethod = 0;

    public const short RunCommand = 1;

    public const short GetVersion = 5;

    /// <summary><c>DFHack?\n</c> and version 1.</summary>
    public static readonly byte[] ClientHandshake = [.. "DFHack?\n"u8, 1, 0, 0, 0];

    /// <summary><c>DFHack!\n</c> and version 1.</summary>
    public static readonly byte[] ServerHandshake = [.. "DFHack!\n"u8, 1, 0, 0, 0];

    /// <summary>A frame: header (id, zero padding, body length) and body.</summary>
    public static byte[] Frame(short id, ReadOnlySpan<byte> body)
    {
        var frame = new byte[HeaderLength + body.Length];
        BinaryPrimitives.WriteInt16LittleEndian(frame, id);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        body.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary><paramref name="frame"/> repeated <paramref name="count"/> times, to send a window's worth in one write.</summary>
    public static byte[] Repeat(byte[] frame, int count)
    {
        var bytes = new byte[frame.Length * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(bytes, i * frame.Length);
        }
        return bytes;
    }

    /// <summary>Reads the id and size of the header at the front of <paramref name="bytes"/> (at least 8 bytes).</summary>
    public static (short Id, int Size) ReadHeader(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadInt16LittleEndian(bytes), BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));

    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/> and does the handshake with a short-lived buffer, keeping
    /// nothing but the socket (the idle-connections scenario: the client side costs as little as possible).
    /// </summary>
    public static async Task<Socket> ConnectAndHandshakeAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(ClientHandshake, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var answer = new byte[HandshakeLength];
            var read = 0;
            while (read < answer.Length)
            {
                var n = await socket.ReceiveAsync(answer.AsMemory(read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new BenchmarkFailedException($"port {port}: the server closed the connection during the handshake.");
                }
                read += n;
            }
            if (!answer.AsSpan().SequenceEqual(ServerHandshake))
            {
                throw new BenchmarkFailedException($"port {port}: unexpected handshake answer {Convert.ToHexString(answer)}.");
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>
/// One benchmark client connection: a raw socket, its handshake done, with a receive buffer and a frame
/// reader over it. Not thread-safe except that one task may send while another reads. The hot paths
/// (<see cref="SendAsync"/>, <see cref="TryReadFrame"/>, <see cref="FillAsync"/>) allocate nothing, so the
/// process's allocations during a run are the server's.
/// </summary>
internal sealed class BenchConnection : IDisposable
{
    private readonly Socket _socket;

    /// <summary>Received bytes: <c>[_start, _end)</c> not yet consumed.</summary>
    private byte[] _buffer = new byte[16 * 1024];

    private int _start;

    private int _end;

    /// <summary>Replies (RESULT frames) read so far; for the message of a hang.</summary>
    private long _replies;

    private BenchConnection(Socket socket) => _socket = socket;

    /// <summary>Receive calls that returned data: replies / receives shows how the server batches its writes.</summary>
    public long Receives { get; private set; }

    public long Replies => Volatile.Read(ref _replies);

    /// <summary>TEXT frames read so far.</summary>
    public long TextFrames { get; private set; }

    public static async Task<BenchConnection> OpenAsync(int port, CancellationToken cancellationToken) =>
        new(await TcpWire.ConnectAndHandshakeAsync(port, cancellationToken).ConfigureAwait(false));

    /// <summary>Sends every byte of <paramref name="bytes"/> (a pooled state machine: no allocation when it waits).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>
    /// Takes the next complete frame from the buffer, if there is one: its id and size (for FAIL the size is
    /// the result code and there is no body). The body is at <see cref="Body"/> until the next read.
    /// </summary>
    public bool TryReadFrame(out short id, out int size)
    {
        id = 0;
        size = 0;
        var available = _end - _start;
        if (available < TcpWire.HeaderLength)
        {
            return false;
        }
        var (frameId, frameSize) = TcpWire.ReadHeader(_buffer.AsSpan(_start, TcpWire.HeaderLength));
        var bodyLength = frameId == TcpWire.ReplyFail ? 0 : frameSize;
        if (bodyLength is < 0 or > TcpWire.MaxBody)
        {
            throw new BenchmarkFailedException($"reply frame {frameId} with size {frameSize}.");
        }
        if (available < TcpWire.HeaderLength + bodyLength)
        {
            if (TcpWire.HeaderLength + bodyLength > _buffer.Length)
            {
                Array.Resize(ref _buffer, TcpWire.HeaderLength + bodyLength);
            }
            return false;
        }
        BodyStart = _start + TcpWire.HeaderLength;
        BodyLength = bodyLength;
        _start += TcpWire.HeaderLength + bodyLength;
        if (frameId == TcpWire.ReplyResult)
        {
            Volatile.Write(ref _replies, _replies + 1);
        }
        else if (frameId == TcpWire.ReplyText)
        {
            TextFrames++;
        }
        id = frameId;
        size = frameSize;
        return true;
    }

    private int BodyStart { get; set; }

    private int BodyLength { get; set; }

    /// <summary>The body of the frame last returned by <see cref="TryReadFrame"/>.</summary>
    public ReadOnlySpan<byte> Body => _buffer.AsSpan(BodyStart, BodyLength);

    /// <summary>Receives more bytes (moving what is left to the front first); false at end of stream. Pooled as <see cref="SendAsync"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FillAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && _end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
        if (n == 0)
        {
            return false;
        }
        _end += n;
        Receives++;
        return true;
    }

    /// <summary>Fails if bytes are left after the last expected reply (a duplicated or unexpected frame).</summary>
    public void EnsureNothingLeft(string what)
    {
        if (_start != _end)
        {
            var (id, size) = _end - _start >= TcpWire.HeaderLength ? TcpWire.ReadHeader(_buffer.AsSpan(_start)) : ((short)0, 0);
            throw new BenchmarkFailedException($"{what}: {_end - _start} unexpected bytes after the last reply (next frame id {id}, size {size}).");
        }
    }

    /// <summary>Closes the socket (a pending send or receive fails).</summary>
    public void Dispose() => _socket.Dispose();
}
