using System.Collections.Concurrent;
using System.Diagnostics;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Client.Tests;

/// <summary>Binding, typed calls, pipelining, streamed text and failures against a real gateway.</summary>
public sealed class CallSpec : ClientTestKit
{
    [Fact]
    public async Task Typed_BindAsync_returns_an_id_after_the_core_ones_and_CallAsync_returns_the_echo()
    {
        await using var client = await ConnectAsync();

        var echo = await client.BindAsync<StringMessage, StringMessage>("echo", "sample", Deadline);
        var result = await client.CallAsync<StringMessage, StringMessage>(echo, new StringMessage { Value = "Urist" }, Deadline);

        Assert.True(echo >= 7, $"bound id {echo}");
        Assert.True(result.IsSuccess);
        Assert.Equal(CommandResultCode.Ok, result.Code);
        Assert.Equal("Urist", result.EnsureSuccess().Value);
        Assert.Equal("sample::echo", result.Method);
    }

    [Fact]
    public async Task BindAsync_of_an_unknown_method_throws_Failure_with_the_servers_text()
    {
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<RemoteCallException>(
            () => client.BindAsync("nope", "dfproto.EmptyMessage", "dfproto.EmptyMessage", "sample", Deadline));

        Assert.IsNotType<RemoteConnectionException>(error);
        Assert.Equal(CommandResultCode.Failure, error.Code);
        Assert.Equal("RPC method not found: sample::nope\n", error.Text);
        Assert.Contains("Could not bind sample::nope", error.Message);
    }

    [Fact]
    public async Task BindAsync_with_the_wrong_message_types_throws_wrong_signature()
    {
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<RemoteCallException>(
            () => client.BindAsync<IntMessage, StringMessage>("echo", "sample", Deadline));

        Assert.Equal("Requested wrong signature for RPC method: sample::echo\n", error.Text);
    }

    [Fact]
    public async Task Pipelined_calls_are_answered_in_request_order_and_run_concurrently()
    {
        await using var client = await ConnectAsync();
        var delay = await client.BindAsync<IntMessage, IntMessage>("delay", "sample", Deadline);
        var echo = await client.BindAsync<StringMessage, StringMessage>("echo", "sample", Deadline);
        var clock = Stopwatch.StartNew();

        // Nothing is awaited until every request is on the wire.
        var first = Timed(client.CallAsync<IntMessage, IntMessage>(delay, new IntMessage { Value = 500 }));
        var echoes = Enumerable.Range(1, 5)
            .Select(i => Timed(client.CallAsync<StringMessage, StringMessage>(echo, new StringMessage { Value = $"e{i}" })))
            .ToArray();
        var more = Enumerable.Range(0, 5)
            .Select(_ => client.CallAsync<IntMessage, IntMessage>(delay, new IntMessage { Value = 500 }))
            .ToArray();
        await Task.WhenAll(more).WaitAsync(Patience);
        var total = clock.Elapsed;

        Assert.Equal(500, (await first).Result.EnsureSuccess().Value);
        for (var i = 0; i < echoes.Length; i++)
        {
            var (result, at) = await echoes[i];
            Assert.Equal($"e{i + 1}", result.EnsureSuccess().Value);
            // Answered after the delay before it: replies keep request order.
            Assert.True(at >= TimeSpan.FromMilliseconds(450), $"echo {i + 1} answered after {at.TotalMilliseconds} ms, before the 500 ms delay ahead of it");
        }
        // Six 500 ms delays in a row would take 3000 ms; overlapping, about 500 (the margin absorbs a loaded machine).
        Assert.True(total < Dilated(TimeSpan.FromMilliseconds(1750)), $"the calls took {total.TotalMilliseconds} ms in all");

        async Task<(RemoteResult<T> Result, TimeSpan At)> Timed<T>(Task<RemoteResult<T>> call)
            where T : class
        {
            var result = await call;
            return (result, clock.Elapsed);
        }
    }

    [Fact]
    public async Task The_text_callback_receives_the_countdown_lines_with_their_colours_before_the_result()
    {
        await using var client = await ConnectAsync();
        var fragments = new ConcurrentQueue<(string Text, TextColor Color)>();

        var result = await client.RunCommandAsync("countdown", ["5", "10"], (text, color) => fragments.Enqueue((text, color)), Deadline);
        var seenByThen = Runs(fragments);

        Assert.Equal(CommandResultCode.Ok, result.Code);
        Assert.Equal(
            [("5...\n4...\n", TextColor.LightCyan), ("3...\n2...\n1...\n", TextColor.LightRed), ("Liftoff!\n", TextColor.LightGreen)],
            seenByThen);
        Assert.Equal("5...\n4...\n3...\n2...\n1...\nLiftoff!\n", result.Text);
    }

    [Fact]
    public async Task Calls_without_a_callback_of_their_own_send_their_text_to_TextReceived()
    {
        await using var client = await ConnectAsync();
        var fragments = new ConcurrentQueue<(string Text, TextColor Color)>();
        client.TextReceived = (text, color) => fragments.Enqueue((text, color));

        var result = await client.RunCommandAsync("countdown", "1", "0");

        Assert.True(result.IsSuccess);
        Assert.Equal([("1...\n", TextColor.LightRed), ("Liftoff!\n", TextColor.LightGreen)], Runs(fragments));
    }

    [Fact]
    public async Task An_unknown_command_fails_with_NotImplemented_and_says_it_is_not_recognized()
    {
        await using var client = await ConnectAsync();

        var result = await client.RunCommandAsync("frobnicate");

        Assert.False(result.IsSuccess);
        Assert.Equal(CommandResultCode.NotImplemented, result.Code);
        Assert.Equal("frobnicate is not a recognized command.\n", result.Text);
        Assert.Null(result.Value);
        var error = Assert.Throws<RemoteCallException>(() => result.EnsureSuccess());
        Assert.Equal(CommandResultCode.NotImplemented, error.Code);
        Assert.Equal("frobnicate is not a recognized command.\n", error.Text);
        Assert.Equal("RunCommand failed: NotImplemented (-1): frobnicate is not a recognized command.", error.Message);
    }

    [Fact]
    public async Task A_method_that_throws_fails_with_Failure_and_its_message_as_text()
    {
        await using var client = await ConnectAsync();
        var fail = await client.BindAsync<StringMessage, EmptyMessage>("fail", "sample", Deadline);

        var result = await client.CallAsync<StringMessage, EmptyMessage>(fail, new StringMessage { Value = "the dwarf fell" }, Deadline);
        var error = await Assert.ThrowsAsync<RemoteCallException>(
            () => client.CallOrThrowAsync<StringMessage, EmptyMessage>(fail, new StringMessage { Value = "again" }, cancellationToken: Deadline));

        Assert.Equal(CommandResultCode.Failure, result.Code);
        Assert.Equal("the dwarf fell\n", result.Text);
        Assert.Equal(CommandResultCode.Failure, error.Code);
        Assert.Equal("again\n", error.Text);
        Assert.Equal("sample::fail", error.Method);
    }

    [Fact]
    public async Task RunLuaAsync_returns_the_values_of_the_script_function()
    {
        await using var client = await ConnectAsync();

        var result = await client.RunLuaAsync("sample-rpc", "greet", "Urist", "Cog");

        Assert.Equal(["Hello, Urist!", "Hello, Cog!"], result.EnsureSuccess());
    }

    [Fact]
    public async Task RunLuaAsync_on_a_module_outside_the_rpc_names_fails_with_WrongUsage_and_the_rule()
    {
        await using var client = await ConnectAsync();

        var result = await client.RunLuaAsync("badmodule", "f");

        Assert.Equal(CommandResultCode.WrongUsage, result.Code);
        Assert.Equal("Only modules named rpc.* or *.rpc or *-rpc may be called.\n", result.Text);
    }

    [Fact]
    public async Task SuspendAsync_and_ResumeAsync_return_the_depth_and_Resume_at_depth_0_throws_WrongUsage()
    {
        await using var client = await ConnectAsync();

        Assert.Equal(1, await client.SuspendAsync(Deadline));
        Assert.Equal(2, await client.SuspendAsync(Deadline));
        Assert.Equal(1, await client.ResumeAsync(Deadline));
        Assert.Equal(0, await client.ResumeAsync(Deadline));
        var error = await Assert.ThrowsAsync<RemoteCallException>(() => client.ResumeAsync(Deadline));

        Assert.Equal(CommandResultCode.WrongUsage, error.Code);
        Assert.Equal("CoreResume", error.Method);
    }

    [Fact]
    public async Task A_cancelled_wait_skips_its_answer_and_the_next_call_still_gets_its_own()
    {
        await using var client = await ConnectAsync();
        var delay = await client.BindAsync<IntMessage, IntMessage>("delay", "sample", Deadline);
        var echo = await client.BindAsync<StringMessage, StringMessage>("echo", "sample", Deadline);
        using var cancel = new CancellationTokenSource();

        var slow = client.CallAsync<IntMessage, IntMessage>(delay, new IntMessage { Value = 300 }, cancel.Token);
        await cancel.CancelAsync();
        var next = await client.CallAsync<StringMessage, StringMessage>(echo, new StringMessage { Value = "still in step" }, Deadline);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        Assert.Equal("still in step", next.EnsureSuccess().Value);
    }

    [Fact]
    public async Task A_text_callback_that_throws_fails_only_its_own_call()
    {
        await using var client = await ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.RunCommandAsync("countdown", ["2", "0"], (_, _) => throw new InvalidOperationException("printer on fire"), Deadline));
        var after = await client.RunCommandAsync("countdown", "1", "0");

        Assert.Equal("printer on fire", error.Message);
        Assert.True(after.IsSuccess);
    }

    [Fact]
    public async Task A_FAIL_carrying_code_0_is_reported_as_Failure()
    {
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            await connection.ReadFrameAsync();
            await connection.SendTextAsync("nope\n", CoreTextFragment.Types.Color.Lightred);
            await connection.SendFailAsync(0);
            await connection.ClientClosedAsync();
        });
        await using var client = await RemoteClient.ConnectAsync("localhost", server.Port, Deadline);

        var result = await client.RunCommandAsync("status").WaitAsync(Patience);

        Assert.Equal(CommandResultCode.Failure, result.Code);
        Assert.Equal("nope\n", result.Text);
    }

    /// <summary>Fragments with adjacent ones of one colour joined (the server may merge them or not).</summary>
    private static List<(string Text, TextColor Color)> Runs(IEnumerable<(string Text, TextColor Color)> fragments)
    {
        var runs = new List<(string Text, TextColor Color)>();
        foreach (var (text, color) in fragments)
        {
            if (runs.Count > 0 && runs[^1].Color == color)
            {
                runs[^1] = (runs[^1].Text + text, color);
            }
            else
            {
                runs.Add((text, color));
            }
        }
        return runs;
    }
}
