using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Client.Tests;

/// <summary>Connecting, the handshake, QUIT on dispose, and what a lost connection does to calls.</summary>
public sealed class ConnectionSpec : ClientTestKit
{
    [Fact]
    public async Task ConnectAsync_shakes_hands_and_the_connection_answers_GetVersion()
    {
        await using var client = await ConnectAsync();

        Assert.True(client.IsConnected);
        Assert.StartsWith("ActorRpc ", await client.GetVersionAsync(Deadline));
        Assert.Equal("ActorRpc remote protocol 1", await client.GetDFVersionAsync(Deadline));
    }

    [Fact]
    public async Task ConnectAsync_sends_DFHack_query_and_version_1_as_its_handshake()
    {
        byte[]? received = null;
        await using var server = FakeServer.Start(async connection =>
        {
            received = await connection.ReadExactlyAsync(12);
            await connection.SendRawAsync(FakeConnection.ServerHandshake);
            await connection.ClientClosedAsync();
        });

        await using (await RemoteClient.ConnectAsync("localhost", server.Port, Deadline))
        {
        }

        await server.Conversation.WaitAsync(Patience);
        Assert.Equal(FakeConnection.ClientHandshake, received);
    }

    [Theory]
    [InlineData("HTTP/1.1 400", "not a DFHack remote server")]
    [InlineData("DFHack!\n\u0002\0\0\0", "protocol version 2")]
    [InlineData("DFHa", "closed the connection during the handshake")]
    public async Task ConnectAsync_to_a_server_with_a_wrong_handshake_throws_a_RemoteConnectionException_that_says_so(string answer, string expected)
    {
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.ReadExactlyAsync(12);
            await connection.SendRawAsync([.. answer.Select(c => (byte)c)]);
        });

        var error = await Assert.ThrowsAsync<RemoteConnectionException>(() => RemoteClient.ConnectAsync("localhost", server.Port, Deadline));

        Assert.StartsWith($"Could not connect to localhost:{server.Port}: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(CommandResultCode.LinkFailure, error.Code);
    }

    [Fact]
    public async Task ConnectAsync_to_a_closed_port_throws_a_RemoteConnectionException_naming_the_endpoint()
    {
        var port = ClosedPort();

        var error = await Assert.ThrowsAsync<RemoteConnectionException>(() => RemoteClient.ConnectAsync("localhost", port, Deadline));

        Assert.StartsWith($"Could not connect to localhost:{port}", error.Message);
    }

    [Fact]
    public async Task DisposeAsync_ends_the_session_on_the_gateway()
    {
        var client = await ConnectAsync();
        await client.GetVersionAsync(Deadline);
        await AwaitConnectionCountAsync(1);

        await client.DisposeAsync();

        await AwaitConnectionCountAsync(0);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task DisposeAsync_sends_a_QUIT_frame_with_id_minus_4_and_size_0_then_closes()
    {
        (short Id, int Size, byte[] Body) quit = default;
        var closed = false;
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            quit = await connection.ReadFrameAsync();
            closed = await connection.ClientClosedAsync();
        });
        var client = await RemoteClient.ConnectAsync("localhost", server.Port, Deadline);

        await client.DisposeAsync();

        await server.Conversation.WaitAsync(Patience);
        Assert.Equal((short)-4, quit.Id);
        Assert.Equal(0, quit.Size);
        Assert.True(closed);
    }

    [Fact]
    public async Task Stopping_the_gateway_fails_every_pending_call_with_LinkFailure()
    {
        await using var client = await ConnectAsync();
        var delay = await client.BindAsync<IntMessage, IntMessage>("delay", "sample", Deadline);
        var pending = new[]
        {
            client.CallAsync<IntMessage, IntMessage>(delay, new IntMessage { Value = 60_000 }),
            client.CallAsync<IntMessage, IntMessage>(delay, new IntMessage { Value = 60_000 }),
        };
        await AwaitConnectionCountAsync(1);

        await Gateway.StopAsync(CancellationToken.None);

        foreach (var call in pending)
        {
            var error = await Assert.ThrowsAsync<RemoteConnectionException>(() => call.WaitAsync(Patience));
            Assert.Equal(CommandResultCode.LinkFailure, error.Code);
            Assert.Equal("sample::delay", error.Method);
            Assert.Contains("lost", error.Message);
        }
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_server_that_vanishes_mid_call_fails_it_with_its_text_so_far_and_later_calls_fail_at_once()
    {
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            await connection.ReadFrameAsync();
            await connection.SendTextAsync("half an answer\n");
        });
        await using var client = await RemoteClient.ConnectAsync("localhost", server.Port, Deadline);

        var call = client.RunCommandAsync("status");
        var error = await Assert.ThrowsAsync<RemoteConnectionException>(() => call.WaitAsync(Patience));

        Assert.Equal(CommandResultCode.LinkFailure, error.Code);
        Assert.Equal("RunCommand", error.Method);
        Assert.Equal("half an answer\n", error.Text);
        Assert.False(client.IsConnected);
        var later = await Assert.ThrowsAsync<RemoteConnectionException>(() => client.RunCommandAsync("status"));
        Assert.Equal(CommandResultCode.LinkFailure, later.Code);
    }

    [Fact]
    public async Task A_reply_larger_than_64_MiB_drops_the_connection_and_fails_the_call()
    {
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            await connection.ReadFrameAsync();
            await connection.SendHeaderAsync(-1, (64 * 1024 * 1024) + 1);
            await connection.ClientClosedAsync();
        });
        await using var client = await RemoteClient.ConnectAsync("localhost", server.Port, Deadline);

        var error = await Assert.ThrowsAsync<RemoteConnectionException>(() => client.RunCommandAsync("status").WaitAsync(Patience));

        Assert.Contains("67108865 bytes", error.Message);
        await server.Conversation.WaitAsync(Patience);
    }
}
