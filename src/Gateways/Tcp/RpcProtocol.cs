namespace ActorRpc.Gateways.Tcp;

/// <summary>Facts of the DFHack remote protocol: magic strings, frame ids, sizes, core method ids.</summary>
public static class RpcProtocol
{
    /// <summary>What a client sends first: <c>DFHack?\n</c> then its version.</summary>
    public static ReadOnlySpan<byte> RequestMagic => "DFHack?\n"u8;

    /// <summary>What the server answers: <c>DFHack!\n</c> then version 1.</summary>
    public static ReadOnlySpan<byte> ResponseMagic => "DFHack!\n"u8;

    /// <summary>The version the server announces.</summary>
    public const int ServerVersion = 1;

    /// <summary>The highest client version accepted (from 1).</summary>
    public const int MaxClientVersion = 255;

    /// <summary>Handshake length each way: 8 bytes of magic and an int32 version.</summary>
    public const int HandshakeLength = 12;

    /// <summary>Frame header length: int16 id, 2 bytes padding, int32 size.</summary>
    public const int HeaderLength = 8;

    /// <summary>The largest frame body: 64 MiB (exactly 64 MiB is allowed).</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Server → client: the output of the oldest incomplete call.</summary>
    public const short ReplyResult = -1;

    /// <summary>Server → client: the oldest incomplete call failed; the size field holds the result code.</summary>
    public const short ReplyFail = -2;

    /// <summary>Server → client: text (<c>dfproto.CoreTextNotification</c>) of the oldest incomplete call.</summary>
    public const short ReplyText = -3;

    /// <summary>Client → server: the client is leaving; close without a reply.</summary>
    public const short RequestQuit = -4;

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
