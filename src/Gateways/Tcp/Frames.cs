using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp;

/// <summary>Reading and writing the protocol's framing: the handshake and the 8-byte header (id, padding, size).</summary>
internal static class Frames
{
    /// <summary>Outcome of reading a client handshake.</summary>
    public enum Handshake
    {
        /// <summary>Fewer than 12 bytes so far.</summary>
        Incomplete,

        /// <summary>Right magic, version 1..255.</summary>
        Valid,

        /// <summary>Not DFHack's request magic: close without a word.</summary>
        BadMagic,

        /// <summary>The right magic with a client version outside 1..255: close without a word.</summary>
        BadVersion,
    }

    /// <summary>Reads the client's 12-byte handshake from the front of <paramref name="buffer"/>.</summary>
    public static Handshake ReadHandshake(ref ReadOnlySequence<byte> buffer, out int version)
    {
        version = 0;
        if (buffer.Length < RpcProtocol.HandshakeLength)
        {
            return Handshake.Incomplete;
        }
        Span<byte> bytes = stackalloc byte[RpcProtocol.HandshakeLength];
        buffer.Slice(0, RpcProtocol.HandshakeLength).CopyTo(bytes);
        buffer = buffer.Slice(RpcProtocol.HandshakeLength);
        version = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (!bytes[..8].SequenceEqual(RpcProtocol.RequestMagic))
        {
            return Handshake.BadMagic;
        }
        return version is >= 1 and <= RpcProtocol.MaxClientVersion ? Handshake.Valid : Handshake.BadVersion;
    }

    /// <summary>Reads a header (without consuming it); false when fewer than 8 bytes are buffered. Padding is ignored.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out short id, out int size)
    {
        if (buffer.Length < RpcProtocol.HeaderLength)
        {
            id = 0;
            size = 0;
            return false;
        }
        Span<byte> header = stackalloc byte[RpcProtocol.HeaderLength];
        buffer.Slice(0, RpcProtocol.HeaderLength).CopyTo(header);
        id = BinaryPrimitives.ReadInt16LittleEndian(header);
        size = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        return true;
    }

    /// <summary>Writes the server's handshake answer.</summary>
    public static void WriteHandshake(IBufferWriter<byte> writer)
    {
        var span = writer.GetSpan(RpcProtocol.HandshakeLength);
        RpcProtocol.ResponseMagic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], RpcProtocol.ServerVersion);
        writer.Advance(RpcProtocol.HandshakeLength);
    }

    /// <summary>Writes a header with zero padding.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, short id, int size)
    {
        var span = writer.GetSpan(RpcProtocol.HeaderLength);
        BinaryPrimitives.WriteInt16LittleEndian(span, id);
        span[2] = 0;
        span[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], size);
        writer.Advance(RpcProtocol.HeaderLength);
    }

    /// <summary>Writes a frame carrying <paramref name="message"/>, serialised straight into the writer.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, short id, IMessage message, int size)
    {
        WriteHeader(writer, id, size);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }
}
