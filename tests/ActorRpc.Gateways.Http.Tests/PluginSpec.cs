using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary><c>/Api/Plugins</c>: the plugin list, and RPC calls over HTTP in the protobuf JSON mapping with result codes as statuses.</summary>
public sealed class PluginSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_list_shows_plugins_with_commands_methods_and_their_types_script_functions_and_behaviours()
    {
        var reply = (await _host.GetAsync("/Api/Plugins")).Is(HttpStatusCode.OK);

        var sample = Assert.Single(reply.Result.EnumerateArray());
        Assert.Equal("sample", sample.GetProperty("Name").GetString());
        Assert.True(sample.GetProperty("BuiltIn").GetBoolean());
        Assert.Equal("countdown", Assert.Single(sample.GetProperty("Commands").EnumerateArray()).GetProperty("Name").GetString());
        var methods = sample.GetProperty("Methods").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!);
        Assert.Equal(["counter", "delay", "echo", "fail", "sum"], methods.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("dfproto.StringMessage", methods["echo"].GetProperty("InputType").GetString());
        Assert.Equal("dfproto.StringMessage", methods["echo"].GetProperty("OutputType").GetString());
        Assert.Equal("dfproto.IntListMessage", methods["sum"].GetProperty("InputType").GetString());
        Assert.Equal("sample::sum", methods["sum"].GetProperty("FullName").GetString());
        Assert.Equal("/Api/Plugins/sample/sum", methods["sum"].GetProperty("Url").GetString());
        Assert.True(methods["counter"].GetProperty("Serial").GetBoolean());
        Assert.Equal(["sample-rpc.greet", "sample-rpc.upper"],
            sample.GetProperty("ScriptFunctions").EnumerateArray().Select(f => $"{f.GetProperty("Module").GetString()}.{f.GetProperty("Function").GetString()}"));
        Assert.Equal("heartbeat", Assert.Single(sample.GetProperty("Behaviors").EnumerateArray()).GetProperty("Name").GetString());
    }

    [Fact]
    public async Task ASFs_official_and_custom_filters_split_built_in_from_directory_plugins_so_ASF_ui_lists_each_once()
    {
        static string[] Names(ApiReply reply) => [.. reply.Result.EnumerateArray().Select(p => p.GetProperty("Name").GetString()!)];

        // ASF-ui asks twice (official only, then custom only) and shows both lists.
        Assert.Equal(["sample"], Names((await _host.GetAsync("/Api/Plugins?official=true&custom=false")).Is(HttpStatusCode.OK)));
        Assert.Empty(Names((await _host.GetAsync("/Api/Plugins?official=false&custom=true")).Is(HttpStatusCode.OK)));
        Assert.Empty(Names((await _host.GetAsync("/Api/Plugins?official=false&custom=false")).Is(HttpStatusCode.OK)));
        Assert.Equal(["sample"], Names((await _host.GetAsync("/Api/Plugins?custom=false")).Is(HttpStatusCode.OK)));
        var wrong = (await _host.GetAsync("/Api/Plugins?official=maybe")).Is(HttpStatusCode.BadRequest);
        Assert.Equal("Query parameter 'official' must be true or false, not 'maybe'.", wrong.Message);
    }

    [Fact]
    public async Task Echo_takes_and_returns_its_message_as_protobuf_JSON()
    {
        var reply = (await _host.PostAsync("/Api/Plugins/sample/echo", """{"value": "héllo <world>"}""")).Is(HttpStatusCode.OK);

        Assert.Equal("sample::echo", reply.Result.GetProperty("Method").GetString());
        Assert.Equal("CR_OK", reply.Result.GetProperty("ResultCode").GetString());
        Assert.Equal("héllo <world>", reply.Result.GetProperty("Output").GetProperty("value").GetString());
        Assert.Equal("", reply.Result.GetProperty("Text").GetString());
    }

    [Theory]
    [InlineData("""{"value": [1, 2, 3]}""", 6)]
    [InlineData("""{"Value": [40, 2]}""", 42)]
    [InlineData("""{"VALUE": []}""", 0)]
    [InlineData("""{}""", 0)]
    public async Task Sum_adds_its_list_with_field_names_matched_case_insensitively(string body, int sum)
    {
        var reply = (await _host.PostAsync("/Api/Plugins/sample/sum", body)).Is(HttpStatusCode.OK);

        Assert.Equal(sum, reply.Result.GetProperty("Output").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task A_method_without_input_needs_no_body()
    {
        var first = (await _host.PostAsync("/Api/Plugins/sample/counter", null, null)).Is(HttpStatusCode.OK);
        var second = (await _host.PostAsync("/Api/Plugins/sample/counter", "{}")).Is(HttpStatusCode.OK);

        Assert.Equal(1, first.Result.GetProperty("Output").GetProperty("value").GetInt32());
        Assert.Equal(2, second.Result.GetProperty("Output").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Streamed_text_comes_back_in_the_response()
    {
        var reply = (await _host.PostAsync("/Api/Plugins/sample/delay", """{"value": 1}""")).Is(HttpStatusCode.OK);

        Assert.Equal("waiting 1 ms\n", reply.Result.GetProperty("Text").GetString());
        Assert.Equal(1, reply.Result.GetProperty("Output").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task A_failing_method_is_500_with_its_error_text_and_CR_FAILURE()
    {
        var reply = (await _host.PostAsync("/Api/Plugins/sample/fail", """{"value": "the disk is on fire"}""")).Is(HttpStatusCode.InternalServerError);

        Assert.Equal("the disk is on fire", reply.Message);
        Assert.Equal("CR_FAILURE", reply.Result.GetProperty("ResultCode").GetString());
        Assert.Equal(JsonValueKind.Null, reply.Result.GetProperty("Output").ValueKind);
        Assert.Equal("the disk is on fire\n", reply.Result.GetProperty("Text").GetString());
    }

    [Fact]
    public async Task Wrong_usage_reported_by_a_method_is_400_with_CR_WRONG_USAGE()
    {
        var reply = (await _host.PostAsync("/Api/Plugins/sample/delay", """{"value": -5}""")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("delay: milliseconds must be between 0 and 600000", reply.Message);
        Assert.Equal("CR_WRONG_USAGE", reply.Result.GetProperty("ResultCode").GetString());
    }

    [Theory]
    [InlineData("/Api/Plugins/nope/echo", "No such plugin: nope")]
    [InlineData("/Api/Plugins/sample/nope", "RPC method not found: sample::nope")]
    public async Task An_unknown_plugin_or_method_is_404(string url, string reason)
    {
        var reply = (await _host.PostAsync(url, """{"value": "x"}""")).Is(HttpStatusCode.NotFound);

        Assert.Equal(reason, reply.Message);
    }

    [Theory]
    [InlineData("/Api/Plugins/sample/echo", """{}""", "The input lacks required fields of dfproto.StringMessage: value.")]
    [InlineData("/Api/Plugins/sample/echo", """{"value": 5}""", "The input is not a valid dfproto.StringMessage")]
    [InlineData("/Api/Plugins/sample/echo", """{"value": "x", "extra": 1}""", "The input is not a valid dfproto.StringMessage")]
    [InlineData("/Api/Plugins/sample/echo", """{"value": "x", "Value": "y"}""", "Field 'input.value' appears more than once")]
    [InlineData("/Api/Plugins/sample/sum", """{"value": ["a"]}""", "The input is not a valid dfproto.IntListMessage")]
    [InlineData("/Api/Plugins/sample/sum", """{"value": [1.5]}""", "The input is not a valid dfproto.IntListMessage")]
    [InlineData("/Api/Plugins/sample/sum", """{"value": [1,""", "The request body is not valid JSON")]
    [InlineData("/Api/Plugins/sample/sum", """[1, 2]""", "The request body must be a JSON object, not an array.")]
    public async Task Bad_input_is_400_saying_what_is_wrong(string url, string body, string reason)
    {
        var reply = (await _host.PostAsync(url, body)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
    }

    [Fact]
    public async Task Bad_input_never_reaches_the_method()
    {
        (await _host.PostAsync("/Api/Plugins/sample/counter", """{"bogus": 1}""")).Is(HttpStatusCode.BadRequest);

        var reply = (await _host.PostAsync("/Api/Plugins/sample/counter")).Is(HttpStatusCode.OK);
        Assert.Equal(1, reply.Result.GetProperty("Output").GetProperty("value").GetInt32());
    }
}
