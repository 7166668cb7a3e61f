using System.Text;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>Collects the text a call streams (colours dropped: the HTTP reply is plain text).</summary>
internal sealed class TextCollector : ICommandOutput
{
    /// <summary>Everything written, in order.</summary>
    private readonly StringBuilder _text = new();

    /// <summary>The text so far.</summary>
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

    public void Write(string text, TextColor color = TextColor.Default)
    {
        lock (_text)
        {
            _text.Append(text);
        }
    }
}
