using System.Net.Sockets;
using ActorRpc.Messages.Dfproto;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>What bad or departing clients cost the log: bounded lines, at the level they deserve.</summary>
public sealed class LoggingSpec : GatewayTestKit
{
    private readonly CapturedLog _log;

    public LoggingSpec()
        : this(new CapturedLog())
    {
    }

    private LoggingSpec(CapturedLog log)
        : base(logs: log) => _log = log;

    [Fact]
    public void A_plugin_exception_with_a_megabyte_message_is_logged_and_answered_shortened()
    {
        using var client = Open();
        var fail = BindSample(client, "fail", "dfproto.StringMessage", "dfproto.EmptyMessage");
        var huge = new string('x', 1 << 20);

        client.Send(fail, new StringMessage { Value = huge });

        var reply = client.ReadReply();
        Assert.Equal(1, reply.FailCode);
        Assert.EndsWith($"… ({huge.Length} characters)\n", reply.Text, StringComparison.Ordinal);
        Assert.True(reply.Text.Length < 5000, $"the error text was {reply.Text.Length} characters");
        AwaitCondition(() => _log.AtLeast(LogLevel.Warning).Any(line => line.Text.StartsWith("RPC method sample::fail failed", StringComparison.Ordinal)));
        Assert.All(_log.Lines, line => Assert.True(line.Text.Length < 20_000, $"a log line of {line.Text.Length} characters"));
    }

    [Fact]
    public void Bad_handshakes_log_at_most_the_minute_budget_of_warnings()
    {
        for (var i = 0; i < 3 * new TcpGatewayOptions().WarningsPerMinute; i++)
        {
            using var client = RawClient.Connect(Gateway.Port);
            client.SendRaw("GET / HTTP/1.1\r\n"u8.ToArray());
            Assert.True(client.ClosedWithoutReply());
        }

        AwaitCondition(() => _log.Lines.Count(line => line.Text.Contains("closed: bad handshake", StringComparison.Ordinal)) == 60);
        Assert.Equal(new TcpGatewayOptions().WarningsPerMinute, _log.AtLeast(LogLevel.Warning).Count);
    }

    [Fact]
    public void A_bad_handshake_says_whether_the_magic_or_the_version_was_wrong()
    {
        using (var magic = RawClient.Connect(Gateway.Port))
        {
            magic.SendRaw([.. "DFHack!\n"u8, 1, 0, 0, 0]);
            Assert.True(magic.ClosedWithoutReply());
        }
        using (var version = RawClient.Connect(Gateway.Port))
        {
            version.SendRaw([.. "DFHack?\n"u8, 0, 1, 0, 0]);
            Assert.True(version.ClosedWithoutReply());
        }

        AwaitCondition(() => _log.AtLeast(LogLevel.Warning).Count == 2);
        var warnings = _log.AtLeast(LogLevel.Warning).Select(line => line.Text).ToList();
        Assert.Contains(warnings, text => text.EndsWith("bad handshake: not the DFHack protocol's magic; closing", StringComparison.Ordinal));
        Assert.Contains(warnings, text => text.EndsWith("bad handshake: client version 256 outside 1..255; closing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clients_that_leave_in_the_middle_of_a_call_are_logged_at_debug_only()
    {
        for (var i = 0; i < 20; i++)
        {
            var client = RawClient.Open(Gateway.Port);
            // Replies still being written, and still buffered, when the reset arrives.
            var version = RawClient.Frame(5, []);
            client.SendRaw([.. RawClient.Frame(1, new CoreRunCommandRequest { Command = "countdown", Arguments = { "50", "1" } }.ToByteArray()),
                .. Enumerable.Repeat(version, 200).SelectMany(frame => frame)]);
            client.Reset();
        }

        await AwaitAssertAsync(async () => Assert.Equal(0, await Gateway.CountConnectionsAsync(TimeSpan.FromSeconds(3))), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.Empty(_log.AtLeast(LogLevel.Warning));
    }
}
