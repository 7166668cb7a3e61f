using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Client;

/// <summary>The frames a client sends, made with the protocol's framing (<see cref="WireFrames"/>).</summary>
internal static class WireFormat
{
    /// <summary>The client's 12-byte handshake.</summary>
    public static byte[] Handshake()
    {
        var bytes = new byte[WireFrames.HandshakeLength];
        WireFrames.WriteHandshake(bytes, WireFrames.RequestMagic, WireFrames.Version);
        return bytes;
    }

    /// <summary>A complete request frame: header (zero padding) and the serialised <paramref name="message"/>.</summary>
    public static byte[] Frame(short id, IMessage message, int size)
    {
        var frame = new byte[WireFrames.HeaderLength + size];
        WireFrames.WriteHeader(frame, id, size);
        if (size > 0)
        {
            message.WriteTo(frame.AsSpan(WireFrames.HeaderLength));
        }
        return frame;
    }

    /// <summary>The QUIT frame: id -4, size 0, no body.</summary>
    public static byte[] QuitFrame()
    {
        var frame = new byte[WireFrames.HeaderLength];
        WireFrames.WriteHeader(frame, WireFrames.RequestQuit, 0);
        return frame;
    }
}
