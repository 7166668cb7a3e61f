using System.Diagnostics;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Core.Tests;

public sealed class PluginMethodSpec : CoreTestKit
{
    [Fact]
    public void Bind_finds_a_method_only_with_its_exact_type_names()
    {
        var bound = Router.Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage");
        Assert.NotNull(bound.Method);
        Assert.Null(bound.ErrorText);

        Assert.Equal("Requested wrong signature for RPC method: sample::echo\n",
            Router.Bind("sample", "echo", "dfproto.stringmessage", "dfproto.StringMessage").ErrorText);
        Assert.Equal("RPC method not found: sample::nope\n",
            Router.Bind("sample", "nope", "dfproto.StringMessage", "dfproto.StringMessage").ErrorText);
        Assert.Equal("No such plugin: ghost\nRPC method not found: ghost::echo\n",
            Router.Bind("ghost", "echo", "dfproto.StringMessage", "dfproto.StringMessage").ErrorText);
        Assert.Equal("RPC method not found: ::GetWorldInfo\n",
            Router.Bind("", "GetWorldInfo", "dfproto.EmptyMessage", "dfproto.GetWorldInfoOut").ErrorText);
    }

    [Fact]
    public async Task Echo_and_sum_answer_with_their_output_messages()
    {
        var echo = Router.Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage").Method!;
        var sum = Router.Bind("sample", "sum", "dfproto.IntListMessage", "dfproto.IntMessage").Method!;

        var echoed = await Router.CallAsync(echo, new StringMessage { Value = "hi" }, NullCommandOutput.Instance);
        var summed = await Router.CallAsync(sum, new IntListMessage { Value = { 1, 2, 39 } }, NullCommandOutput.Instance);

        Assert.Equal(CommandResultCode.Ok, echoed.Code);
        Assert.Equal("hi", ((StringMessage)echoed.Output!).Value);
        Assert.Equal(42, ((IntMessage)summed.Output!).Value);
    }

    [Fact]
    public async Task A_throwing_handler_yields_CR_FAILURE_with_its_message_and_the_method_keeps_serving()
    {
        var fail = Router.Bind("sample", "fail", "dfproto.StringMessage", "dfproto.EmptyMessage").Method!;
        var output = new CollectingOutput();

        var failed = await Router.CallAsync(fail, new StringMessage { Value = "deliberate" }, output);
        var again = await Router.CallAsync(fail, new StringMessage { Value = "twice" }, NullCommandOutput.Instance);

        Assert.Equal(CommandResultCode.Failure, failed.Code);
        Assert.Null(failed.Output);
        Assert.Equal("deliberate\n", output.Text);
        Assert.Equal(TextColor.LightRed, output.Writes.Single().Color);
        Assert.Equal(CommandResultCode.Failure, again.Code);
    }

    [Fact]
    public async Task Calls_from_different_sessions_run_concurrently()
    {
        var delay = Router.Bind("sample", "delay", "dfproto.IntMessage", "dfproto.IntMessage").Method!;
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Router.CallAsync(delay, new IntMessage { Value = 400 }, NullCommandOutput.Instance)));

        Assert.All(results, r => Assert.Equal(CommandResultCode.Ok, r.Code));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(6 * 400 / 2), $"6 calls of 400 ms took {clock.ElapsedMilliseconds} ms: they did not overlap");
    }

    [Fact]
    public async Task A_serial_method_runs_one_call_at_a_time()
    {
        var counter = Router.Bind("sample", "counter", "dfproto.EmptyMessage", "dfproto.IntMessage").Method!;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Router.CallAsync(counter, new EmptyMessage(), NullCommandOutput.Instance)));

        Assert.Equal(Enumerable.Range(1, 50), results.Select(r => ((IntMessage)r.Output!).Value).Order());
        Assert.True(counter.Serial);
    }

    [Fact]
    public void Input_that_does_not_parse_or_lacks_a_required_field_is_refused()
    {
        var echo = Router.Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage").Method!;

        Assert.Null(echo.ParseInput([0xFF, 0xFF, 0xFF]));
        Assert.Null(echo.ParseInput(ReadOnlySpan<byte>.Empty));
        Assert.Equal("ok", ((StringMessage)echo.ParseInput(new StringMessage { Value = "ok" }.ToByteArray())!).Value);
    }

    [Fact]
    public async Task Script_functions_run_for_allowed_module_names_only()
    {
        var output = new CollectingOutput();

        var greeted = await Router.RunScriptAsync("sample-rpc", "greet", ["Urist"], output);
        var refused = await Router.RunScriptAsync("sample", "greet", ["Urist"], output);
        var missing = await Router.RunScriptAsync("sample-rpc", "nope", [], NullCommandOutput.Instance);

        Assert.Equal(["Hello, Urist!"], greeted.Values);
        Assert.Equal(CommandResultCode.WrongUsage, refused.Code);
        Assert.Contains("Only modules named rpc.* or *.rpc or *-rpc may be called.\n", output.Text);
        Assert.Equal(CommandResultCode.NotFound, missing.Code);
    }
}
