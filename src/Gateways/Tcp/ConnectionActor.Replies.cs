using System.Text;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp;

internal sealed partial class ConnectionActor
{
    /// <summary>Calls not yet answered, oldest first; only the head's frames may be written.</summary>
    private readonly Queue<PendingCall> _pending = new();

    /// <summary>Calls by sequence number, for text and completions arriving out of order.</summary>
    private readonly Dictionary<long, PendingCall> _bySequence = [];

    /// <summary>A fragment's bytes besides its text (tags, lengths, colour), generously counted.</summary>
    private const int FragmentOverhead = 32;

    /// <summary>The most characters of text one fragment carries: at 3 UTF-8 bytes a character it still fits a frame.</summary>
    private int MaxTextChars => Math.Max(1, (_options.MaxFrameSize - FragmentOverhead) / 3);

    /// <summary>The next request's sequence number.</summary>
    private long _nextSequence;

    /// <summary>True while bytes were written and a <see cref="FlushWrites"/> is queued for them.</summary>
    private bool _flushQueued;

    /// <summary>One request in the in-order reply queue.</summary>
    private sealed class PendingCall(long sequence, string name)
    {
        public long Sequence { get; } = sequence;

        public string Name { get; } = name;

        /// <summary>Text not yet written (for a call that is not the head yet).</summary>
        public List<CoreTextFragment>? Buffered { get; set; }

        public bool IsDone { get; set; }

        public CommandResultCode Code { get; set; }

        public IMessage? Output { get; set; }
    }

    private PendingCall Enqueue(string name)
    {
        var call = new PendingCall(_nextSequence++, name);
        _pending.Enqueue(call);
        _bySequence[call.Sequence] = call;
        return call;
    }

    private void OnText(CallText text)
    {
        if (!_bySequence.TryGetValue(text.Sequence, out var call))
        {
            return;
        }
        var fragment = new CoreTextFragment { Text = text.Text };
        if (text.Color != TextColor.Default)
        {
            fragment.Color = (CoreTextFragment.Types.Color)(int)text.Color;
        }
        if (ReferenceEquals(_pending.Peek(), call))
        {
            WriteText([fragment]);
        }
        else
        {
            (call.Buffered ??= []).Add(fragment);
        }
    }

    private void OnDone(CallDone done)
    {
        if (_bySequence.TryGetValue(done.Sequence, out var call))
        {
            Complete(call, done.Code, done.Output);
        }
    }

    private void Succeed(PendingCall call, IMessage output) => Complete(call, CommandResultCode.Ok, output);

    /// <summary>Fails a call with an error text in LIGHTRED, as the protocol sends every error text.</summary>
    private void Fail(PendingCall call, CommandResultCode code, string text)
    {
        (call.Buffered ??= []).Add(new CoreTextFragment { Text = text, Color = CoreTextFragment.Types.Color.Lightred });
        Complete(call, code, null);
    }

    private void Complete(PendingCall call, CommandResultCode code, IMessage? output)
    {
        call.IsDone = true;
        call.Code = code;
        call.Output = output;
        WriteCompletedHeads();
    }

    /// <summary>Answers every completed call at the head of the queue, then starts streaming the next head's text.</summary>
    private void WriteCompletedHeads()
    {
        while (_pending.TryPeek(out var head))
        {
            if (head.Buffered is { Count: > 0 } buffered)
            {
                head.Buffered = null;
                WriteText(buffered);
            }
            if (!head.IsDone)
            {
                break;
            }
            WriteResult(head);
            _pending.Dequeue();
            _bySequence.Remove(head.Sequence);
            _slots.Release();
        }
    }

    private void WriteResult(PendingCall call)
    {
        if (call.Code != CommandResultCode.Ok)
        {
            WireFrames.WriteHeader(_writer, WireFrames.ReplyFail, (int)call.Code);
            QueueFlush();
            return;
        }
        var output = call.Output ?? new EmptyMessage();
        var size = output.CalculateSize();
        if (size > _options.MaxFrameSize)
        {
            WriteText([new CoreTextFragment { Text = $"In call to {call.Name}: reply too large: {size}.", Color = CoreTextFragment.Types.Color.Lightred }]);
            WireFrames.WriteHeader(_writer, WireFrames.ReplyFail, (int)CommandResultCode.LinkFailure);
        }
        else
        {
            Frames.WriteMessage(_writer, WireFrames.ReplyResult, output, size);
        }
        QueueFlush();
    }

    /// <summary>
    /// Writes text as TEXT frames: adjacent fragments of one colour travel as one, and no frame grows past the
    /// protocol's size limit (a longer text spans several frames, which every client reads as one stream).
    /// </summary>
    private void WriteText(List<CoreTextFragment> fragments)
    {
        var notification = new CoreTextNotification();
        var size = 0;
        foreach (var (text, template) in MergeRuns(fragments))
        {
            for (var start = 0; start < text.Length;)
            {
                var length = Math.Min(text.Length - start, MaxTextChars);
                // Never cut a surrogate pair in two.
                if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
                {
                    length--;
                }
                var chunk = text.Substring(start, length);
                var chunkSize = Encoding.UTF8.GetByteCount(chunk) + FragmentOverhead;
                if (size + chunkSize > _options.MaxFrameSize && notification.Fragments.Count > 0)
                {
                    WriteNotification(notification);
                    notification = new CoreTextNotification();
                    size = 0;
                }
                var fragment = template.Clone();
                fragment.Text = chunk;
                notification.Fragments.Add(fragment);
                size += chunkSize;
                start += length;
            }
        }
        if (notification.Fragments.Count > 0)
        {
            WriteNotification(notification);
        }
    }

    /// <summary>Joins adjacent fragments of one colour (with one builder: buffered text may be many small writes).</summary>
    private static IEnumerable<(string Text, CoreTextFragment Template)> MergeRuns(List<CoreTextFragment> fragments)
    {
        var i = 0;
        while (i < fragments.Count)
        {
            var first = fragments[i++];
            if (i == fragments.Count || !SameColor(first, fragments[i]))
            {
                yield return (first.Text, first);
                continue;
            }
            var run = new StringBuilder(first.Text);
            while (i < fragments.Count && SameColor(first, fragments[i]))
            {
                run.Append(fragments[i++].Text);
            }
            yield return (run.ToString(), first);
        }
    }

    private static bool SameColor(CoreTextFragment a, CoreTextFragment b) => a.HasColor == b.HasColor && a.Color == b.Color;

    private void WriteNotification(CoreTextNotification notification)
    {
        Frames.WriteMessage(_writer, WireFrames.ReplyText, notification, notification.CalculateSize());
        QueueFlush();
    }

    /// <summary>Queues one flush behind the messages already in the mailbox, so a batch of replies costs one write.</summary>
    private void QueueFlush()
    {
        if (!_flushQueued)
        {
            _flushQueued = true;
            Self.Tell(FlushWrites.Instance, Self);
        }
    }

    private async Task FlushAsync()
    {
        _flushQueued = false;
        try
        {
            var flushed = await _writer.FlushAsync(_closing.Token);
            if (flushed.IsCompleted)
            {
                Self.Tell(new ConnectionClosed("the peer stopped reading"), Self);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            _log.LogDebug("Connection {Id}: write failed: {Error}", _id, ex.Message);
            Self.Tell(new ConnectionClosed("write failed"), Self);
        }
    }
}
