using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp;

/// <summary>The reader parsed a request frame (id >= 0, or an invalid negative id).</summary>
internal sealed record FrameReceived(short Id, byte[] Body);

/// <summary>A call wrote text (from any thread).</summary>
internal sealed record CallText(long Sequence, string Text, TextColor Color);

/// <summary>A call finished: its result code and, when OK, its output message.</summary>
internal sealed record CallDone(long Sequence, CommandResultCode Code, IMessage? Output);

/// <summary>The connection ended (QUIT, end of stream, error, bad frame); the actor stops.</summary>
internal sealed record ConnectionClosed(string Reason);

/// <summary>Flush what was written since the last flush (one flush per batch of messages).</summary>
internal sealed record FlushWrites
{
    public static readonly FlushWrites Instance = new();
}

/// <summary>A socket accepted by the listener, for the gateway actor to give a connection actor.</summary>
internal sealed record ConnectionAccepted(System.Net.Sockets.Socket Socket);

/// <summary>Asks the gateway actor how many connections are open; the reply is an <see cref="int"/>.</summary>
internal sealed record GetConnectionCount
{
    public static readonly GetConnectionCount Instance = new();
}
