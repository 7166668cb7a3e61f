using ActorRpc.Protocol;

namespace ActorRpc.Client;

/// <summary>
/// What the server answered to one call: <see cref="CommandResultCode.Ok"/> with a <see cref="Value"/>, or a
/// failure code; either way with the text it printed for the call.
/// </summary>
/// <typeparam name="T">The output type.</typeparam>
public sealed class RemoteResult<T>
    where T : class
{
    /// <summary>An answer of <paramref name="method"/>: <paramref name="value"/> must be non-null exactly when <paramref name="code"/> is OK.</summary>
    public RemoteResult(string method, CommandResultCode code, T? value, string text)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(text);
        if ((code == CommandResultCode.Ok) != (value is not null))
        {
            throw new ArgumentException("A result has a value exactly when its code is Ok.", nameof(value));
        }
        Method = method;
        Code = code;
        Value = value;
        Text = text;
    }

    /// <summary>The method called, as the client knows it.</summary>
    public string Method { get; }

    /// <summary>The result code (a FAIL carrying 0 is reported as <see cref="CommandResultCode.Failure"/>).</summary>
    public CommandResultCode Code { get; }

    /// <summary>The output when <see cref="Code"/> is OK; otherwise null.</summary>
    public T? Value { get; }

    /// <summary>Everything the server printed for the call, in order, without colours.</summary>
    public string Text { get; }

    /// <summary>True when the call succeeded.</summary>
    public bool IsSuccess => Code == CommandResultCode.Ok;

    /// <summary>The output, or a <see cref="RemoteCallException"/> carrying the code and the text.</summary>
    public T EnsureSuccess() => Value ?? throw new RemoteCallException(Method, Code, Text);

    /// <summary>The same answer with its value converted.</summary>
    internal RemoteResult<TOther> Select<TOther>(Func<T, TOther> convert)
        where TOther : class =>
        new(Method, Code, Value is null ? null : convert(Value), Text);
}
