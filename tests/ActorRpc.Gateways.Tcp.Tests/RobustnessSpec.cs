using ActorRpc.Actors.Runtime;
using System.Net;
using System.Net.Sockets;
using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

public sealed class RobustnessSpec : GatewayTestKit
{
    [Fact]
    public async Task Ten_thousand_connections_opened_and_dropped_leave_no_actor_behind()
    {
        for (var i = 0; i < 10_000; i++)
        {
            using var client = RawClient.Connect(Gateway.Port);
            if (i % 2 == 0)
            {
                client.SendRaw([.. "DFHack?\n"u8, 1, 0, 0, 0]);
            }
        }

        await AwaitAssertAsync(async () => Assert.Equal(0, await Gateway.CountConnectionsAsync(TimeSpan.FromSeconds(3))), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        using var survivor = Open();
        survivor.Send(5, new EmptyMessage());
        Assert.True(survivor.ReadReply().Succeeded);
    }

    [Fact]
    public void Random_and_mutated_frames_never_take_the_node_down_and_a_well_formed_session_stays_correct()
    {
        using var steady = Open();
        steady.Send(0, new CoreBindRequest { Plugin = "sample", Method = "echo", InputMsg = "dfproto.StringMessage", OutputMsg = "dfproto.StringMessage" });
        var echoId = (short)steady.ReadReply().Result(CoreBindReply.Parser).AssignedId;
        var random = new Random(20261122);
        var valid = new[]
        {
            RawClient.Frame(5, []),
            RawClient.Frame(0, new CoreBindRequest { Plugin = "sample", Method = "echo", InputMsg = "dfproto.StringMessage", OutputMsg = "dfproto.StringMessage" }.ToByteArray()),
            RawClient.Frame(1, new CoreRunCommandRequest { Command = "status" }.ToByteArray()),
            RawClient.Frame(4, new CoreRunLuaRequest { Module = "sample-rpc", Function = "greet" }.ToByteArray()),
        };
        var deadline = DateTime.UtcNow + TestKitTimeouts.Dilated(TimeSpan.FromSeconds(3));
        var sessions = 0;
        while (DateTime.UtcNow < deadline)
        {
            sessions++;
            using var fuzzed = RawClient.Connect(Gateway.Port);
            var bytes = new List<byte>();
            if (random.Next(4) != 0)
            {
                bytes.AddRange([.. "DFHack?\n"u8, 1, 0, 0, 0]);
            }
            for (var frames = random.Next(1, 6); frames > 0; frames--)
            {
                var frame = (byte[])valid[random.Next(valid.Length)].Clone();
                switch (random.Next(4))
                {
                    case 0:
                        frame[random.Next(frame.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        frame = frame[..random.Next(1, frame.Length + 1)];
                        break;
                    case 2:
                        random.NextBytes(frame);
                        break;
                }
                bytes.AddRange(frame);
            }
            try
            {
                fuzzed.SendRaw([.. bytes]);
            }
            catch (IOException)
            {
                // The server may already have closed a connection it judged broken.
            }

            steady.Send(echoId, new StringMessage { Value = $"steady {sessions}" });
            Assert.Equal($"steady {sessions}", steady.ReadReply().Result(StringMessage.Parser).Value);
        }

        Assert.True(sessions > 10);
    }

    [Fact]
    public async Task A_taken_port_is_logged_and_the_node_keeps_running()
    {
        await using var second = new TcpGateway(Sys, Router, new TcpGatewayOptions { Port = Gateway.Port }, Logs);

        await second.StartAsync(CancellationToken.None);

        Assert.Equal(0, second.Port);
        using var client = Open();
        client.Send(5, new EmptyMessage());
        Assert.True(client.ReadReply().Succeeded);
    }
}

public sealed class RemotePeerSpec() : GatewayTestKit(new TcpGatewayOptions { AllowRemote = true })
{
    [Fact]
    public void RunCommand_and_RunLua_from_an_untrusted_peer_fail_with_forbidden_host()
    {
        using var client = RawClient.Open(Gateway.Port, from: IPAddress.Parse("127.0.0.2"));

        client.Send(1, new CoreRunCommandRequest { Command = "status" });
        client.Send(4, new CoreRunLuaRequest { Module = "sample-rpc", Function = "greet" });
        client.Send(5, new EmptyMessage());

        var command = client.ReadReply();
        Assert.Equal(1, command.FailCode);
        Assert.Equal("In call to RunCommand: forbidden host: 127.0.0.2\n", command.Text);
        Assert.Equal("In call to RunLua: forbidden host: 127.0.0.2\n", client.ReadReply().Text);
        Assert.True(client.ReadReply().Succeeded);
    }
}

public sealed class TrustedPeerSpec() : GatewayTestKit(new TcpGatewayOptions { AllowRemote = true, TrustedNetworks = ["127.0.0.1/32", "127.0.0.0/24"] })
{
    [Fact]
    public void A_peer_inside_a_trusted_network_may_run_commands()
    {
        using var client = RawClient.Open(Gateway.Port, from: IPAddress.Parse("127.0.0.2"));

        client.Send(1, new CoreRunCommandRequest { Command = "status" });

        Assert.True(client.ReadReply().Succeeded);
    }

    [Fact]
    public void Trusted_networks_match_by_prefix_and_refuse_malformed_entries()
    {
        var trusted = new TrustedNetworks(["10.1.0.0/16", "192.168.1.7"]);

        Assert.True(trusted.Contains(IPAddress.Parse("10.1.200.3")));
        Assert.False(trusted.Contains(IPAddress.Parse("10.2.0.1")));
        Assert.True(trusted.Contains(IPAddress.Parse("192.168.1.7")));
        Assert.False(trusted.Contains(IPAddress.Loopback));
        Assert.Throws<FormatException>(() => new TrustedNetworks(["not-a-network"]));
    }
}

public sealed class SmallFrameSpec() : GatewayTestKit(new TcpGatewayOptions { MaxFrameSize = 1024 })
{
    [Fact]
    public void A_reply_over_the_size_limit_fails_with_link_failure_and_says_so()
    {
        using var client = Open();
        var names = Enumerable.Range(0, 60).Select(i => $"name{i:00}xxx").ToArray();
        var request = new CoreRunLuaRequest { Module = "sample-rpc", Function = "greet", Arguments = { names } };
        Assert.True(request.CalculateSize() <= 1024);

        client.Send(4, request);

        var reply = client.ReadReply();
        Assert.Equal(-3, reply.FailCode);
        Assert.Matches(@"^In call to RunLua: reply too large: \d+\.$", reply.Text);
    }
}

public sealed class NoOwnerSpec() : GatewayTestKit(ownerId: 0)
{
    [Fact]
    public void RunCommand_is_refused_while_no_owner_is_configured()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "status" });
        client.Send(5, new EmptyMessage());

        var reply = client.ReadReply();
        Assert.Equal(1, reply.FailCode);
        Assert.StartsWith("Command access is prohibited", reply.Text);
        Assert.True(client.ReadReply().Succeeded);
    }
}

public sealed class SuspensionSpec : GatewayTestKit
{
    [Fact]
    public void A_suspension_makes_other_sessions_bot_changes_wait_until_it_is_released()
    {
        WriteBotFile("alpha", """{"Enabled": false}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("alpha"));
        using var holder = Open();
        using var other = Open();
        holder.Send(2, new EmptyMessage());
        Assert.Equal(1, holder.ReadReply().Result(IntMessage.Parser).Value);

        other.Send(1, new CoreRunCommandRequest { Command = "start", Arguments = { "alpha" } });
        other.Send(5, new EmptyMessage());
        holder.Send(1, new CoreRunCommandRequest { Command = "status", Arguments = { "alpha" } });

        Assert.Contains("is not running", holder.ReadReply().Text);
        holder.Send(3, new EmptyMessage());
        Assert.Equal(0, holder.ReadReply().Result(IntMessage.Parser).Value);
        Assert.Equal("<alpha> Done!\n", other.ReadReply().Text);
        Assert.True(other.ReadReply().Succeeded);
    }

    [Fact]
    public void A_closed_connection_releases_its_suspension()
    {
        WriteBotFile("alpha", """{"Enabled": false}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("alpha"));
        using var other = Open();
        using (var holder = Open())
        {
            holder.Send(2, new EmptyMessage());
            holder.ReadReply();
            other.Send(1, new CoreRunCommandRequest { Command = "start", Arguments = { "alpha" } });
        }

        Assert.Equal("<alpha> Done!\n", other.ReadReply().Text);
    }
}

public sealed class BackpressureSpec() : GatewayTestKit(new TcpGatewayOptions { MaxInFlight = 2 })
{
    [Fact]
    public void Past_the_in_flight_limit_the_gateway_stops_reading_and_every_call_still_answers_in_order()
    {
        using var client = Open();
        client.Send(0, new CoreBindRequest { Plugin = "sample", Method = "delay", InputMsg = "dfproto.IntMessage", OutputMsg = "dfproto.IntMessage" });
        var delayId = (short)client.ReadReply().Result(CoreBindReply.Parser).AssignedId;

        for (var i = 1; i <= 20; i++)
        {
            client.Send(delayId, new IntMessage { Value = i });
        }

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(i, client.ReadReply().Result(IntMessage.Parser).Value);
        }
    }
}

public sealed class FloodSpec() : GatewayTestKit(new TcpGatewayOptions { MaxInFlight = 64 })
{
    [Fact]
    public async Task A_flooding_connection_is_pushed_back_and_another_sessions_latency_stays_near_idle()
    {
        using var steady = Open();
        var idle = Median(Enumerable.Range(0, 50).Select(_ => TimeGetVersion(steady)));

        using var flooder = Open();
        flooder.Send(0, new CoreBindRequest { Plugin = "sample", Method = "echo", InputMsg = "dfproto.StringMessage", OutputMsg = "dfproto.StringMessage" });
        var echoId = (short)flooder.ReadReply().Result(CoreBindReply.Parser).AssignedId;
        var payload = RawClient.Frame(echoId, new StringMessage { Value = new string('f', 512) }.ToByteArray());
        using var stop = new CancellationTokenSource();
        var sent = 0;
        // The flooder never reads: the gateway stops reading it at 64 calls in flight and TCP pushes its writes back.
        var flood = Task.Run(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    flooder.SendRaw(payload);
                    Interlocked.Increment(ref sent);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The test closed the flooding connection under the blocked write.
            }
        });
        await AwaitConditionAsync(() => Volatile.Read(ref sent) > 64, null, "the flood to start");

        var flooded = Median(Enumerable.Range(0, 50).Select(_ => TimeGetVersion(steady)));
        var sentWhileMeasuring = Volatile.Read(ref sent);
        var deepest = DepthCountingMailbox.Read(Sys).Deepest;

        Assert.True(flooded < Max(idle * 20, TimeSpan.FromMilliseconds(25)), $"median GetVersion latency {flooded.TotalMilliseconds:0.000} ms during the flood vs {idle.TotalMilliseconds:0.000} ms idle");
        // Pushed back: far fewer frames went out than an unthrottled socket would take in that time,
        // and memory stays bounded: no mailbox holds more than the in-flight limit's worth of work.
        Assert.True(sentWhileMeasuring < 200_000, $"the flooder wrote {sentWhileMeasuring} frames: it was not pushed back");
        Assert.True(deepest <= 4 * 64, $"a mailbox held {deepest} messages during the flood");
        await stop.CancelAsync();
        flooder.Dispose();
        await flood;
    }

    private static TimeSpan TimeGetVersion(RawClient client)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        client.Send(5, new EmptyMessage());
        Assert.True(client.ReadReply().Succeeded);
        return clock.Elapsed;
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

[CollectionDefinition(nameof(ConnectionMetricSpec), DisableParallelization = true)]
public sealed class ConnectionMetricCollection;

/// <summary>The meter is process-wide: this runs alone.</summary>
[Collection(nameof(ConnectionMetricSpec))]
public sealed class ConnectionMetricSpec : GatewayTestKit
{
    [Fact]
    public void Open_connections_are_counted_up_and_down()
    {
        long open = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "actorrpc.tcp.connections")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref open, value));
        listener.Start();

        using (var client = Open())
        {
            AwaitCondition(() => Interlocked.Read(ref open) == 1, null, "the connection to be counted");
        }

        AwaitCondition(() => Interlocked.Read(ref open) == 0, null, "the closed connection to be counted down");
    }
}
