using Akka.Actor;
using Akka.Configuration;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The cluster section's second baseline: a bare Akka.Remote <c>Ask</c> between two Akka.NET actor systems on
/// loopback (DotNetty TCP, the default transport), an echo actor answering a 128-byte array to a 64-byte one, the
/// sizes of <see cref="RawReplyToRpc"/>. It makes the choice of RabbitMQ over Akka.Remote reproducible
/// (docs/cluster.md: why RabbitMQ).
/// </summary>
internal sealed class AkkaRemoteRpc : IAsyncDisposable
{
    private static readonly byte[] s_request = new byte[RawReplyToRpc.RequestBytes];

    private static readonly byte[] s_reply = new byte[RawReplyToRpc.ReplyBytes];

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _server;
    private readonly ActorSystem _client;
    private readonly IActorRef _echo;

    private AkkaRemoteRpc(ActorSystem server, ActorSystem client, IActorRef echo)
    {
        _server = server;
        _client = client;
        _echo = echo;
    }

    /// <summary>The Akka.NET version, for the report.</summary>
    public static string Version => typeof(ActorSystem).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>Starts both systems on free loopback ports and resolves the server's echo actor from the client.</summary>
    public static async Task<AkkaRemoteRpc> StartAsync()
    {
        var server = ActorSystem.Create("bench-server", Remoting());
        var client = ActorSystem.Create("bench-client", Remoting());
        server.ActorOf(Props.Create(() => new Echo()), "echo");
        var address = ((ExtendedActorSystem)server).Provider.DefaultAddress;
        var echo = await client.ActorSelection($"{address}/user/echo").ResolveOne(s_timeout).ConfigureAwait(false);
        return new AkkaRemoteRpc(server, client, echo);
    }

    private static Config Remoting() => ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """);

    /// <summary>One request and its reply.</summary>
    public async Task CallAsync()
    {
        try
        {
            await _echo.Ask<byte[]>(s_request, s_timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new BenchmarkFailedException($"Akka.Remote: no reply within {s_timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.Terminate().ConfigureAwait(false);
        await _server.Terminate().ConfigureAwait(false);
    }

    /// <summary>Answers every request with the reply bytes.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<byte[]>(_ => Sender.Tell(s_reply));
    }
}
