using ActorRpc.Protocol;

namespace ActorRpc.Client;

/// <summary>
/// A remote call ended without a result: the server answered FAIL with <see cref="Code"/>, or (as the derived
/// <see cref="RemoteConnectionException"/>) the connection was lost before the answer came.
/// </summary>
public class RemoteCallException : Exception
{
    /// <summary>A failure of <paramref name="method"/> with <paramref name="code"/>, after the server printed <paramref name="text"/>.</summary>
    public RemoteCallException(string method, CommandResultCode code, string text)
        : this(method, code, text, DescribeFailure(method, code, text), null)
    {
    }

    /// <summary>A failure with an explicit message (and the error that caused it, if any).</summary>
    public RemoteCallException(string method, CommandResultCode code, string text, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(text);
        Method = method;
        Code = code;
        Text = text;
    }

    /// <summary>The method called, as the client knows it (e.g. <c>RunCommand</c>, <c>sample::echo</c>, <c>method #9</c>).</summary>
    public string Method { get; }

    /// <summary>The result code; <see cref="CommandResultCode.LinkFailure"/> when the connection was lost.</summary>
    public CommandResultCode Code { get; }

    /// <summary>Everything the server printed for the call (its TEXT frames, concatenated); often the reason.</summary>
    public string Text { get; }

    /// <summary>The message of a FAIL: the method, the code and what the server printed.</summary>
    internal static string DescribeFailure(string method, CommandResultCode code, string text)
    {
        var printed = text.Trim();
        var codeName = Enum.IsDefined(code) ? code.ToString() : "code";
        return printed.Length == 0
            ? $"{method} failed: {codeName} ({(int)code})."
            : $"{method} failed: {codeName} ({(int)code}): {printed}";
    }
}
