using System.Text;
using ActorRpc.PluginSdk;

namespace ActorRpc.Actors.Router;

/// <summary>Passes text on to the caller's output and keeps a copy for the <see cref="CommandResult"/>.</summary>
internal sealed class RecordingOutput(ICommandOutput inner) : ICommandOutput
{
    /// <summary>Everything written so far.</summary>
    private readonly StringBuilder _text = new();

    /// <summary>Set once the call has ended: later writes are dropped.</summary>
    private volatile bool _closed;

    public void Write(string text, TextColor color = TextColor.Default)
    {
        if (_closed || string.IsNullOrEmpty(text))
        {
            return;
        }
        lock (_text)
        {
            _text.Append(text);
        }
        inner.Write(text, color);
    }

    /// <summary>Ends the call and returns its text.</summary>
    public string Close()
    {
        _closed = true;
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
