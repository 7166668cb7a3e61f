using System.Net;
using ActorRpc.Actors.Router;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary><c>/Api/Command</c> in its path and body forms, good and bad input, and how result codes map to HTTP.</summary>
public sealed class CommandSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output, botFiles: new Dictionary<string, string>
    {
        ["alpha"] = """{"Enabled": false}""",
        ["bravo"] = """{"Enabled": false}""",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_command_in_the_path_runs_and_its_reply_text_is_the_Result(string method)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), "/Api/Command/version")).Is(HttpStatusCode.OK);

        Assert.Equal("OK", reply.Message);
        Assert.Equal($"<node1> ActorRpc V{CommandRouter.Version}", reply.Result.GetString());
    }

    [Theory]
    [InlineData("/Api/Command/status+alpha")]
    [InlineData("/Api/Command/status%20alpha")]
    [InlineData("/Api/Command/!status+alpha")]
    public async Task Plus_and_encoded_spaces_separate_the_words_of_a_path_command(string url)
    {
        var reply = (await _host.GetAsync(url)).Is(HttpStatusCode.OK);

        Assert.Equal("<alpha> Bot alpha is not running.\n<node1> There are 0/1 bots running", reply.Result.GetString());
    }

    [Theory]
    [InlineData("""{"Command":"status alpha,bravo"}""")]
    [InlineData("""{"command":"status alpha,bravo"}""")]
    [InlineData("""{"COMMAND":"status alpha,bravo","Other":1}""")]
    public async Task The_body_form_reads_Command_case_insensitively(string body)
    {
        var reply = (await _host.PostAsync("/Api/Command", body)).Is(HttpStatusCode.OK);

        Assert.EndsWith("<node1> There are 0/2 bots running", reply.Result.GetString());
    }

    [Theory]
    [InlineData("{\"Command\": 5}", "Property 'Command' must be a string, not 5.")]
    [InlineData("{\"Command\": [\"status\"]}", "Property 'Command' must be a string, not an array.")]
    [InlineData("{}", "Property 'Command' is required")]
    [InlineData("{\"Command\": null}", "Property 'Command' is required")]
    [InlineData("{\"Command\": \"   \"}", "The command is empty.")]
    [InlineData("{\"Command\": \"!\"}", "The command is empty.")]
    [InlineData("[\"status\"]", "The request body must be a JSON object, not an array.")]
    [InlineData("\"status\"", "The request body must be a JSON object, not a string.")]
    [InlineData("", "The request body is empty; expected a JSON object.")]
    [InlineData("{\"Command\": \"status\",}", "The request body is not valid JSON")]
    [InlineData("{\"Command\": \"status\", \"Command\": \"exit\"}", "The request body is not valid JSON")]
    [InlineData("{\"Command\": \"status\", \"command\": \"exit\"}", "Property 'Command' appears more than once")]
    public async Task A_bad_command_body_is_400_saying_what_is_wrong(string body, string reason)
    {
        var reply = (await _host.PostAsync("/Api/Command", body)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
    }

    [Fact]
    public async Task An_unknown_command_is_400_with_the_routers_text()
    {
        var reply = (await _host.GetAsync("/Api/Command/frobnicate")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("frobnicate is not a recognized command.", reply.Message);
        Assert.Equal("frobnicate is not a recognized command.", reply.Result.GetString());
    }

    [Fact]
    public async Task Wrong_usage_is_400()
    {
        var reply = (await _host.GetAsync("/Api/Command/start")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("<node1> Usage: start <Bots>", reply.Message);
    }

    [Fact]
    public async Task A_command_that_ran_and_failed_is_200_with_Success_false()
    {
        var reply = (await _host.GetAsync("/Api/Command/exit")).Is(HttpStatusCode.OK, success: false);

        Assert.Equal("<node1> This node cannot be stopped from a command.", reply.Message);
    }

    [Fact]
    public async Task Partly_unknown_bots_still_run_for_the_known_ones()
    {
        var reply = (await _host.GetAsync("/Api/Command/start+alpha,nobody")).Is(HttpStatusCode.OK);

        Assert.Equal("<node1> Couldn't find any bot named nobody!\n<alpha> Done!", reply.Result.GetString());
    }

    [Fact]
    public async Task A_plugin_command_streams_its_whole_output_into_the_Result()
    {
        var reply = (await _host.PostAsync("/Api/Command", """{"Command":"countdown 3 1"}""")).Is(HttpStatusCode.OK);

        Assert.Equal("3...\n2...\n1...\nLiftoff!", reply.Result.GetString());
    }

    [Fact]
    public async Task Percent_encoded_slashes_stay_inside_the_command_segment()
    {
        var reply = (await _host.GetAsync("/Api/Command/status%20a%2Fb")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("<node1> Couldn't find any bot named a/b!", reply.Message);
    }
}
