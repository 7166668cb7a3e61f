using System.Threading.Channels;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// Hands each write on to a channel that the request's own task drains: writers are actor threads, which must
/// never wait for a client. Once the channel is completed, writes are dropped.
/// </summary>
internal sealed class ChannelOutput(ChannelWriter<OutputFragment> fragments) : ICommandOutput
{
    /// <summary>Where the fragments go (unbounded, so a write never waits).</summary>
    private readonly ChannelWriter<OutputFragment> _fragments = fragments;

    public void Write(string text, TextColor color = TextColor.Default)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _fragments.TryWrite(new OutputFragment(text, color));
        }
    }
}
