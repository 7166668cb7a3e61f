using System.Buffers;
using System.Buffers.Binary;

namespace ActorRpc.Protocol;

/// <summary>
/// The protocol's framing, both sides of it: the 12-byte handshake (8 bytes of magic, an int32 version) and the 8-byte
/// header of every later frame (int16 id, 2 bytes of padding, int32 size), little-endian. The one place these bytes are
/// read and written; the server, the client and <c>actorrpc-run</c> all use it.
/// </summary>
public static class WireFrames
{
    /// <summary>Handshake length each way: 8 bytes of magic and an int32 version.</summary>
    public const int HandshakeLength = 12;

    /// <summary>Frame header length: int16 id, 2 bytes of padding, int32 size.</summary>
    public const int HeaderLength = 8;

    /// <summary>The protocol version: what a client announces and what the server answers.</summary>
    public const int Version = 1;

    /// <summary>The highest client version the server accepts (any from 1 up to it).</summary>
    public const int MaxClientVersion = 255;

    /// <summary>The largest frame body either side may send: 64 MiB (exactly 64 MiB is allowed).</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Server to client: the output of the oldest pending call.</summary>
    public const short ReplyResult = -1;

    /// <summary>Server to client: the oldest pending call failed; the size field holds its result code.</summary>
    public const short ReplyFail = -2;

    /// <summary>Server to client: text of the oldest pending call (a <c>CoreTextNotification</c>).</summary>
    public const short ReplyText = -3;

    /// <summary>Client to server: the client is leaving.</summary>
    public const short RequestQuit = -4;

    /// <summary>What the client sends first.</summary>
    public static ReadOnlySpan<byte> RequestMagic => "DFHack?\n"u8;

    /// <summary>What the server answers.</summary>
    public static ReadOnlySpan<byte> ResponseMagic => "DFHack!\n"u8;

    /// <summary>Writes a handshake (<paramref name="magic"/> and <paramref name="version"/>) into the first 12 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The magic is not 8 bytes, or the destination is shorter than 12.</exception>
    public static void WriteHandshake(Span<byte> destination, ReadOnlySpan<byte> magic, int version)
    {
        if (magic.Length != HandshakeLength - 4 || destination.Length < HandshakeLength)
        {
            throw new ArgumentException($"A handshake is 8 bytes of magic and an int32 in {HandshakeLength} bytes.", nameof(destination));
        }
        magic.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], version);
    }

    /// <summary>Reads a handshake from the first 12 bytes of <paramref name="source"/>: whether its magic is <paramref name="magic"/>, and its version.</summary>
    /// <exception cref="ArgumentException">The source is shorter than 12 bytes.</exception>
    public static bool ReadHandshake(ReadOnlySpan<byte> source, ReadOnlySpan<byte> magic, out int version)
    {
        if (source.Length < HandshakeLength)
        {
            throw new ArgumentException($"A handshake is {HandshakeLength} bytes.", nameof(source));
        }
        version = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        return source[..8].SequenceEqual(magic);
    }

    /// <summary>Writes a header with zero padding into the first 8 bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, short id, int size)
    {
        BinaryPrimitives.WriteInt16LittleEndian(destination, id);
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..HeaderLength], size);
    }

    /// <summary>Writes a header with zero padding to <paramref name="writer"/>.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, short id, int size)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteHeader(writer.GetSpan(HeaderLength), id, size);
        writer.Advance(HeaderLength);
    }

    /// <summary>Reads a header without consuming it; false when fewer than 8 bytes are buffered. The padding is ignored.</summary>
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
}
