using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Tcp;

/// <summary>The server's side of the DFHack remote protocol: its core methods and what it names itself (the framing is <see cref="ActorRpc.Protocol.WireFrames"/>).</summary>
public static class RpcProtocol
{
    /// <summary>The core methods every connection has, at fixed ids 0..6.</summary>
    public static IReadOnlyList<CoreMethod> CoreMethods { get; } =
    [
        new(0, "BindMethod", "dfproto.CoreBindRequest", "dfproto.CoreBindReply", LocalOnly: false),
        new(1, "RunCommand", "dfproto.CoreRunCommandRequest", "dfproto.EmptyMessage", LocalOnly: true),
        new(2, "CoreSuspend", "dfproto.EmptyMessage", "dfproto.IntMessage", LocalOnly: false),
        new(3, "CoreResume", "dfproto.EmptyMessage", "dfproto.IntMessage", LocalOnly: false),
        new(4, "RunLua", "dfproto.CoreRunLuaRequest", "dfproto.StringListMessage", LocalOnly: true),
        new(5, "GetVersion", "dfproto.EmptyMessage", "dfproto.StringMessage", LocalOnly: false),
        new(6, "GetDFVersion", "dfproto.EmptyMessage", "dfproto.StringMessage", LocalOnly: false),
    ];

    /// <summary>What <c>GetDFVersion</c> answers: ActorRpc hosts no game world, so it names the protocol it speaks.</summary>
    public const string WorldVersion = "ActorRpc remote protocol 1";
}

/// <summary>A core method: its fixed id, name, exact type names, and whether only local or trusted peers may call it.</summary>
/// <param name="Id">Its id on every connection.</param>
/// <param name="Name">Its name (the NAME of error texts).</param>
/// <param name="InputType">The full name of its input message.</param>
/// <param name="OutputType">The full name of its output message.</param>
/// <param name="LocalOnly">True for RunCommand and RunLua.</param>
public sealed record CoreMethod(short Id, string Name, string InputType, string OutputType, bool LocalOnly);
