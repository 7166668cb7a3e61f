using System.Text;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Actors.Router;

/// <summary>
/// Passes text on to the caller's output and keeps a copy for the <see cref="CommandResult"/>, up to
/// <see cref="MaxRecorded"/> characters: the stream gets everything, the copy (an HTTP reply) says where it was cut,
/// so a command that writes without end cannot make the node hold all of it twice.
/// </summary>
internal sealed class RecordingOutput(ICommandOutput inner) : ICommandOutput
{
    /// <summary>The most characters the copy keeps.</summary>
    public const int MaxRecorded = 4 * 1024 * 1024;

    /// <summary>Everything written so far, up to the limit.</summary>
    private readonly StringBuilder _text = new();

    /// <summary>Set once the call has ended: later writes are dropped.</summary>
    private volatile bool _closed;

    /// <summary>Characters written past the limit.</summary>
    private long _cut;

    public void Write(string text, TextColor color = TextColor.Default)
    {
        if (_closed || string.IsNullOrEmpty(text))
        {
            return;
        }
        lock (_text)
        {
            var room = MaxRecorded - _text.Length;
            var kept = Math.Min(room, text.Length);
            _text.Append(text, 0, kept);
            _cut += text.Length - kept;
        }
        inner.Write(text, color);
    }

    /// <summary>The bots' replies to a lifecycle command, when it ran one.</summary>
    public IReadOnlyList<BotOutcome>? Bots { get; set; }

    /// <summary>Ends the call and returns its text.</summary>
    public string Close()
    {
        _closed = true;
        lock (_text)
        {
            return _cut == 0 ? _text.ToString() : $"{_text}\n… (the output was cut here: {_cut} more characters)\n";
        }
    }
}
