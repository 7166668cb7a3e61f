using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>
/// A deliberately minimal client over a raw socket, with its own frame writer (not the client library),
/// so the conformance suite checks bytes on the wire.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _stream.ReadTimeout = (int)TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10)).TotalMilliseconds;
    }

    public static RawClient Connect(int port, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        socket.Connect(IPAddress.Loopback, port);
        return new RawClient(socket);
    }

    /// <summary>Connects and completes the handshake, asserting the server's answer.</summary>
    public static RawClient Open(int port, IPAddress? from = null)
    {
        var client = Connect(port, from);
        client.SendRaw([.. "DFHack?\n"u8, 1, 0, 0, 0]);
        var answer = client.ReadExactly(12);
        Assert.Equal([.. "DFHack!\n"u8, 1, 0, 0, 0], answer);
        return client;
    }

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    public void SendFrame(short id, byte[] body, byte padding1 = 0, byte padding2 = 0) => SendRaw(Frame(id, body, padding1, padding2));

    public void Send(short id, IMessage message) => SendFrame(id, message.ToByteArray());

    public static byte[] Frame(short id, byte[] body, byte padding1 = 0, byte padding2 = 0)
    {
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt16LittleEndian(frame, id);
        frame[2] = padding1;
        frame[3] = padding2;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        body.CopyTo(frame, 8);
        return frame;
    }

    public void SendHeader(short id, int size)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt16LittleEndian(header, id);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), size);
        SendRaw(header);
    }

    /// <summary>Reads one frame: (id, size, body); FAIL frames have no body.</summary>
    public (short Id, int Size, byte[] Body) ReadFrame()
    {
        var header = ReadExactly(8);
        var id = BinaryPrimitives.ReadInt16LittleEndian(header);
        var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        Assert.Equal(0, header[2]);
        Assert.Equal(0, header[3]);
        return id == -2 ? (id, size, []) : (id, size, ReadExactly(size));
    }

    /// <summary>Reads the frames of one call: its TEXT frames, then the RESULT or FAIL that ends it.</summary>
    public CallReply ReadReply()
    {
        var texts = new List<CoreTextNotification>();
        while (true)
        {
            var (id, size, body) = ReadFrame();
            switch (id)
            {
                case -3:
                    texts.Add(CoreTextNotification.Parser.ParseFrom(body));
                    break;
                case -1:
                    return new CallReply(texts, 0, body, true);
                case -2:
                    return new CallReply(texts, size, [], false);
                default:
                    throw new Xunit.Sdk.XunitException($"unexpected frame id {id}");
            }
        }
    }

    public byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>True when the server closed the connection without sending anything more.</summary>
    public bool ClosedWithoutReply()
    {
        try
        {
            return _stream.Read(new byte[1]) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Drops the connection with a reset (no orderly close), as a client that crashes or loses its network does.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _stream.Dispose();
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>One call's reply: its text, then either a result (with its body) or a failure code.</summary>
public sealed record CallReply(IReadOnlyList<CoreTextNotification> Texts, int FailCode, byte[] Body, bool Succeeded)
{
    public string Text => string.Concat(Texts.SelectMany(t => t.Fragments).Select(f => f.Text));

    public T Result<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        Assert.True(Succeeded, $"expected a RESULT but got FAIL {FailCode} after text '{Text}'");
        return parser.ParseFrom(Body);
    }
}
