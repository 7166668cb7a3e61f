using ActorRpc.Actors.Runtime;
using Akka.Actor;
using ActorRpc.Actors.Router;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// The parent of every <see cref="ConnectionActor"/> (<c>/user/tcp/conn-N</c>). A connection that fails is
/// stopped, never restarted: its socket and state cannot be rebuilt, and no other session notices.
/// </summary>
internal sealed class TcpGatewayActor : ReceiveActor
{
    /// <summary>Source of connection numbers.</summary>
    private long _nextConnection;

    public TcpGatewayActor(ICommandRouter router, TrustedNetworks trusted, TcpGatewayOptions options, ILogger log)
    {
        var complaints = new LogThrottle(options.WarningsPerMinute, TimeSpan.FromMinutes(1));
        Receive<ConnectionAccepted>(accepted =>
        {
            var id = ++_nextConnection;
            Context.ActorOf(
                ActorProps.Of(() => new ConnectionActor(accepted.Socket, id, router, trusted, options, complaints, log)),
                "conn-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        Receive<GetConnectionCount>(_ => Sender.Tell(Context.GetChildren().Count()));
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
}
