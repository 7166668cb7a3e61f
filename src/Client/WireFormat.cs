using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace ActorRpc.Client;

/// <summary>The protocol's framing as a client sees it: handshake bytes, the 8-byte header, reply ids, the size limit.</summary>
internal static class WireFormat
{
    /// <summary>Handshake length each way: 8 bytes of magic and an int32 version.</summary>
    public const int HandshakeLength = 12;

    /// <summary>Frame header length: int16 id, 2 bytes padding, int32 size.</summary>
    public const int HeaderLength = 8;

    /// <summary>The protocol version this client announces and expects back.</summary>
    public const int Version = 1;

    /// <summary>The largest frame body either side may send: 64 MiB (exactly 64 MiB is allowed).</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Server → client: the output of the oldest pending call.</summary>
    public const short ReplyResult = -1;

    /// <summary>Server → client: the oldest pending call failed; the size field holds the result code.</summary>
    public const short ReplyFail = -2;

    /// <summary>Server → client: text of the oldest pending call.</summary>
    public const short ReplyText = -3;

    /// <summary>Client → server: the client is leaving.</summary>
    public const short RequestQuit = -4;

    /// <summary>What the client sends first.</summary>
    public static ReadOnlySpan<byte> RequestMagic => "DFHack?\n"u8;

    /// <summary>What the server must answer.</summary>
    public static ReadOnlySpan<byte> ResponseMagic => "DFHack!\n"u8;

    /// <summary>The client's 12-byte handshake.</summary>
    public static byte[] Handshake()
    {
        var bytes = new byte[HandshakeLength];
        RequestMagic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Version);
        return bytes;
    }

    /// <summary>A complete request frame: header (zero padding) and the serialised <paramref name="message"/>.</summary>
    public static byte[] Frame(short id, IMessage message, int size)
    {
        var frame = new byte[HeaderLength + size];
        WriteHeader(frame, id, size);
        if (size > 0)
        {
            message.WriteTo(frame.AsSpan(HeaderLength));
        }
        return frame;
    }

    /// <summary>The QUIT frame: id -4, size 0, no body.</summary>
    public static byte[] QuitFrame()
    {
        var frame = new byte[HeaderLength];
        WriteHeader(frame, RequestQuit, 0);
        return frame;
    }

    /// <summary>Reads a header without consuming it; false when fewer than 8 bytes are buffered. Padding is ignored.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out short id, out int size)
    {
        if (buffer.Length < HeaderLength)
        {
            id = 0;
            size = 0;
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        id = BinaryPrimitives.ReadInt16LittleEndian(header);
        size = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        return true;
    }

    private static void WriteHeader(Span<byte> destination, short id, int size)
    {
        BinaryPrimitives.WriteInt16LittleEndian(destination, id);
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], size);
    }
}
