using ActorRpc.Protocol;

namespace ActorRpc.Client;

/// <summary>
/// The connection could not be made (refused, unreachable, wrong handshake) or was lost (closed by the
/// server, I/O error, protocol violation, the client disposed); always <see cref="CommandResultCode.LinkFailure"/>.
/// </summary>
public sealed class RemoteConnectionException : RemoteCallException
{
    /// <summary>A connection failure described by <paramref name="message"/>, of no call in particular.</summary>
    public RemoteConnectionException(string message, Exception? innerException = null)
        : this(string.Empty, string.Empty, message, innerException)
    {
    }

    /// <summary>A connection failure that ended the pending call of <paramref name="method"/> after it printed <paramref name="text"/>.</summary>
    public RemoteConnectionException(string method, string text, string message, Exception? innerException = null)
        : base(method, CommandResultCode.LinkFailure, text, message, innerException)
    {
    }
}
