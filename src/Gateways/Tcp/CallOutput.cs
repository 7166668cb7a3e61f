using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.PluginSdk;

namespace ActorRpc.Gateways.Tcp;

/// <summary>A call's text sink: every write becomes a message to the connection actor, tagged with the call's sequence number.</summary>
internal sealed class CallOutput(IActorRef connection, long sequence) : ICommandOutput
{
    public void Write(string text, TextColor color = TextColor.Default)
    {
        if (!string.IsNullOrEmpty(text))
        {
            connection.Tell(new CallText(sequence, text, color), null);
        }
    }
}
