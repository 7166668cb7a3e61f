using System.Buffers;
using System.Text;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Client;

/// <summary>
/// A request on the wire awaiting its answer. Only the reader task calls <see cref="OnText"/>,
/// <see cref="Succeed"/>, <see cref="Fail"/> and <see cref="Abort"/>, one at a time.
/// </summary>
internal abstract class PendingCall
{
    /// <summary>Who sees the call's text as it arrives (null: nobody).</summary>
    private readonly Action<string, TextColor>? _onText;

    /// <summary>The call's text so far, for its result or exception; locked, as a disposing client reads it from another thread.</summary>
    private readonly StringBuilder _text = new();

    /// <summary>The first exception thrown by <see cref="_onText"/>; it fails the call once its answer arrives.</summary>
    private Exception? _callbackError;

    protected PendingCall(string method, Action<string, TextColor>? onText)
    {
        Method = method;
        _onText = onText;
    }

    /// <summary>The method's name, for results and messages.</summary>
    public string Method { get; }

    /// <summary>Everything printed for the call so far.</summary>
    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>True once the caller stopped waiting (cancelled) or the call ended.</summary>
    protected abstract bool IsFinished { get; }

    /// <summary>A TEXT fragment of this call.</summary>
    public void OnText(string text, TextColor color)
    {
        AppendText(text);
        if (_onText is null || IsFinished || _callbackError is not null)
        {
            return;
        }
        try
        {
            _onText(text, color);
        }
        catch (Exception ex)
        {
            // The stream must go on being read; the caller learns of its callback's failure with the answer.
            _callbackError = ex;
        }
    }

    /// <summary>A RESULT frame for this call.</summary>
    public void Succeed(in ReadOnlySequence<byte> body)
    {
        if (_callbackError is { } error)
        {
            Abort(error);
            return;
        }
        Deliver(body);
    }

    /// <summary>A FAIL frame for this call.</summary>
    public void Fail(CommandResultCode code)
    {
        if (_callbackError is { } error)
        {
            Abort(error);
            return;
        }
        Complete(code == CommandResultCode.Ok ? CommandResultCode.Failure : code);
    }

    /// <summary>Ends the call with an exception (connection lost, callback failed).</summary>
    public abstract void Abort(Exception error);

    /// <summary>Parses the output and completes the call.</summary>
    protected abstract void Deliver(in ReadOnlySequence<byte> body);

    /// <summary>Completes the call as failed with <paramref name="code"/>.</summary>
    protected abstract void Complete(CommandResultCode code);

    /// <summary>Adds a line of the client's own to the call's text (e.g. an undecodable reply).</summary>
    protected void AppendText(string text)
    {
        lock (_text)
        {
            _text.Append(text);
        }
    }
}

/// <summary>A pending call whose output is a <typeparamref name="TOut"/>.</summary>
internal sealed class PendingCall<TOut> : PendingCall
    where TOut : class, IMessage<TOut>, new()
{
    /// <summary>Parses every <typeparamref name="TOut"/> reply.</summary>
    private static readonly MessageParser<TOut> s_parser = new(() => new TOut());

    /// <summary>The caller's task; continuations run off the reader task.</summary>
    private readonly TaskCompletionSource<RemoteResult<TOut>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancels the caller's wait; the call itself stays in line for its answer.</summary>
    private CancellationTokenRegistration _cancellation;

    public PendingCall(string method, Action<string, TextColor>? onText)
        : base(method, onText)
    {
    }

    /// <summary>The caller's task.</summary>
    public Task<RemoteResult<TOut>> Task => _completion.Task;

    /// <inheritdoc />
    protected override bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Lets <paramref name="cancellationToken"/> cancel the caller's wait.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static state =>
            {
                var (completion, token) = ((TaskCompletionSource<RemoteResult<TOut>>, CancellationToken))state!;
                completion.TrySetCanceled(token);
            }, (_completion, cancellationToken));
        }
    }

    /// <inheritdoc />
    public override void Abort(Exception error)
    {
        _completion.TrySetException(error);
        _cancellation.Dispose();
    }

    /// <inheritdoc />
    protected override void Deliver(in ReadOnlySequence<byte> body)
    {
        TOut? output;
        try
        {
            output = s_parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            output = null;
        }
        // Google.Protobuf does not check required fields when parsing.
        if (output is null || !output.IsInitialized())
        {
            AppendText($"In call to {Method}: could not decode the reply as {new TOut().Descriptor.FullName}.\n");
            Complete(CommandResultCode.LinkFailure);
            return;
        }
        _completion.TrySetResult(new RemoteResult<TOut>(Method, CommandResultCode.Ok, output, Text));
        _cancellation.Dispose();
    }

    /// <inheritdoc />
    protected override void Complete(CommandResultCode code)
    {
        _completion.TrySetResult(new RemoteResult<TOut>(Method, code, null, Text));
        _cancellation.Dispose();
    }
}
