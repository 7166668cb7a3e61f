using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ActorRpc.Messages.Dfproto;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Client;

public sealed partial class RemoteClient
{
    /// <summary>Reads frames until the connection ends, then fails whatever is still pending; never throws.</summary>
    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        string reason;
        Exception? cause = null;
        try
        {
            reason = await ReadFramesAsync(reader).ConfigureAwait(false);
        }
        catch (ProtocolViolation ex)
        {
            reason = ex.Message;
        }
        catch (OperationCanceledException)
        {
            reason = "the connection was closed";
        }
        catch (Exception ex)
        {
            // I/O errors mostly; anything else must still fail the pending calls rather than strand them.
            reason = ex.Message;
            cause = ex;
        }
        await reader.CompleteAsync().ConfigureAwait(false);
        Drop(reason, cause);
    }

    /// <summary>Dispatches every complete frame; returns why the stream ended.</summary>
    private async Task<string> ReadFramesAsync(PipeReader reader)
    {
        var token = _closing.Token;
        while (true)
        {
            var read = await reader.ReadAsync(token).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (TryDispatchFrame(ref buffer))
            {
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return buffer.IsEmpty ? "the server closed the connection" : "the server closed the connection inside a frame";
            }
        }
    }

    /// <summary>Handles the frame at the front of <paramref name="buffer"/>; false when it is not complete yet.</summary>
    private bool TryDispatchFrame(ref ReadOnlySequence<byte> buffer)
    {
        if (!WireFrames.TryReadHeader(buffer, out var id, out var size))
        {
            return false;
        }
        if (id == WireFrames.ReplyFail)
        {
            buffer = buffer.Slice(WireFrames.HeaderLength);
            // A FAIL has no body: its size field is the result code.
            TakeOldest(id)?.Fail((CommandResultCode)size);
            return true;
        }
        if (id is not (WireFrames.ReplyResult or WireFrames.ReplyText))
        {
            throw new ProtocolViolation($"the server sent a frame with id {id}, which is not a reply");
        }
        if (size < 0 || size > WireFrames.MaxMessageSize)
        {
            throw new ProtocolViolation($"the server sent a frame of {size} bytes (the limit is {WireFrames.MaxMessageSize})");
        }
        if (buffer.Length < WireFrames.HeaderLength + (long)size)
        {
            return false;
        }
        var body = buffer.Slice(WireFrames.HeaderLength, size);
        if (id == WireFrames.ReplyResult)
        {
            TakeOldest(id)?.Succeed(body);
        }
        else
        {
            DeliverText(body);
        }
        buffer = buffer.Slice(WireFrames.HeaderLength + (long)size);
        return true;
    }

    /// <summary>Removes the oldest pending call: the one a RESULT or FAIL answers (null once disposed: those calls were failed already).</summary>
    private PendingCall? TakeOldest(short id)
    {
        lock (_gate)
        {
            if (_pending.TryDequeue(out var call) || _disposed)
            {
                return call;
            }
        }
        throw new ProtocolViolation($"the server sent a {(id == WireFrames.ReplyFail ? "FAIL" : "RESULT")} frame with no call pending");
    }

    /// <summary>Hands a TEXT frame's fragments to the oldest pending call, or to <see cref="TextReceived"/> when none is.</summary>
    private void DeliverText(in ReadOnlySequence<byte> body)
    {
        CoreTextNotification notification;
        try
        {
            notification = CoreTextNotification.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ProtocolViolation($"the server sent a TEXT frame that does not decode: {ex.Message}");
        }
        PendingCall? oldest;
        lock (_gate)
        {
            if (!_pending.TryPeek(out oldest) && _disposed)
            {
                return;
            }
        }
        // Only this task dequeues, so the oldest call stays the oldest while its text is delivered.
        foreach (var fragment in notification.Fragments)
        {
            var color = fragment.HasColor ? (TextColor)(int)fragment.Color : TextColor.Default;
            if (oldest is not null)
            {
                oldest.OnText(fragment.Text, color);
            }
            else
            {
                DeliverStrayText(fragment.Text, color);
            }
        }
    }

    /// <summary>Text that belongs to no call goes to the client's handler; a failing handler must not end the connection.</summary>
    private void DeliverStrayText(string text, TextColor color)
    {
        try
        {
            TextReceived?.Invoke(text, color);
        }
        catch (Exception)
        {
            // No call to report it to; the handler's own problem.
        }
    }

    /// <summary>The server broke the protocol; the connection cannot be trusted any more.</summary>
    private sealed class ProtocolViolation(string message) : Exception(message);
}
