using System.Buffers;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp;

/// <summary>The server's use of the protocol's framing (<see cref="WireFrames"/>): the client's handshake checked, its answer, message frames.</summary>
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
        if (buffer.Length < WireFrames.HandshakeLength)
        {
            return Handshake.Incomplete;
        }
        Span<byte> bytes = stackalloc byte[WireFrames.HandshakeLength];
        buffer.Slice(0, WireFrames.HandshakeLength).CopyTo(bytes);
        buffer = buffer.Slice(WireFrames.HandshakeLength);
        if (!WireFrames.ReadHandshake(bytes, WireFrames.RequestMagic, out version))
        {
            return Handshake.BadMagic;
        }
        return version is >= 1 and <= WireFrames.MaxClientVersion ? Handshake.Valid : Handshake.BadVersion;
    }

    /// <summary>Writes the server's handshake answer.</summary>
    public static void WriteHandshake(IBufferWriter<byte> writer)
    {
        WireFrames.WriteHandshake(writer.GetSpan(WireFrames.HandshakeLength), WireFrames.ResponseMagic, WireFrames.Version);
        writer.Advance(WireFrames.HandshakeLength);
    }

    /// <summary>Writes a frame carrying <paramref name="message"/>, serialised straight into the writer.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, short id, IMessage message, int size)
    {
        WireFrames.WriteHeader(writer, id, size);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }
}
