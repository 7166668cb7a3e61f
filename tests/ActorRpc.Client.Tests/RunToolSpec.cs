using System.Collections;
using System.Globalization;
using ActorRpc.Messages.Dfproto;

namespace ActorRpc.Client.Tests;

/// <summary>actorrpc-run, in-process, against a real gateway (and fake servers for what the gateway never does).</summary>
public sealed class RunToolSpec : ClientTestKit
{
    [Fact]
    public async Task Status_prints_the_node_summary_and_exits_0()
    {
        var run = await RunToolAsync(["status"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("<node1> There are 0/0 bots running\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_command_prints_the_servers_text_and_exits_1()
    {
        var run = await RunToolAsync(["--color", "never", "frobnicate", "now"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("frobnicate is not a recognized command.\n", run.Stdout);
    }

    [Fact]
    public async Task A_command_that_fails_with_another_code_exits_1()
    {
        var run = await RunToolAsync(["countdown", "not-a-number"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Usage: countdown", run.Stdout);
    }

    [Fact]
    public async Task No_arguments_print_the_usage_on_stderr_and_exit_2()
    {
        var run = await RunToolAsync([]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Usage: actorrpc-run", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("--lua")]
    [InlineData("--lua", "sample-rpc")]
    public async Task Lua_with_fewer_than_3_arguments_exits_2(params string[] args)
    {
        var run = await RunToolAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--lua needs a MODULE and a FUNCTION", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "--port", "70000", "status" }, "--port needs a port number")]
    [InlineData(new[] { "--color", "sometimes", "status" }, "--color takes always, never or auto")]
    [InlineData(new[] { "--verbose", "status" }, "Unknown option --verbose")]
    [InlineData(new[] { "--host", "localhost" }, "No command given")]
    public async Task Bad_options_say_what_is_wrong_and_exit_2(string[] args, string expected)
    {
        var run = await RunToolAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("Usage: actorrpc-run", run.Stderr);
    }

    [Theory]
    [InlineData("Hello, Urist!\n", "Urist")]
    [InlineData("Hello, Urist!\tHello, Cog!\n", "Urist", "Cog")]
    [InlineData("\n")]
    public async Task Lua_prints_the_values_joined_by_tabs_and_a_newline_and_exits_0(string expected, params string[] names)
    {
        var run = await RunToolAsync(["--lua", "sample-rpc", "greet", .. names]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public async Task Lua_on_a_module_outside_the_rpc_names_prints_the_rule_and_exits_1()
    {
        var run = await RunToolAsync(["--color", "never", "--lua", "badmodule", "f"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Only modules named rpc.* or *.rpc or *-rpc may be called.\n", run.Stdout);
    }

    [Fact]
    public async Task Lua_on_an_unknown_function_exits_1()
    {
        var run = await RunToolAsync(["--lua", "sample-rpc", "nope"]);

        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Everything_after_the_command_word_is_passed_verbatim_even_what_looks_like_options()
    {
        var run = await RunToolAsync(["--lua", "sample-rpc", "upper", "--port", "x", "--"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("--PORT\tX\t--\n", run.Stdout);
    }

    [Fact]
    public async Task A_double_dash_ends_the_options_so_a_command_may_start_with_dashes()
    {
        var run = await RunToolAsync(["--color", "never", "--", "--weird"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("--weird is not a recognized command.\n", run.Stdout);
    }

    [Fact]
    public async Task A_refused_connection_exits_2_and_says_Could_not_connect_on_stderr()
    {
        var port = ClosedPort();

        var run = await RunToolAsync(["status"], Environment(port));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"Could not connect to localhost:{port}", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_server_with_a_wrong_handshake_exits_2()
    {
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.ReadExactlyAsync(12);
            await connection.SendRawAsync("HTTP/1.1 400"u8.ToArray());
        });

        var run = await RunToolAsync(["status"], Environment(server.Port));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"Could not connect to localhost:{server.Port}: not a DFHack remote server", run.Stderr);
    }

    [Fact]
    public async Task A_RunLua_bind_the_server_refuses_prints_its_text_and_exits_3()
    {
        CoreBindRequest? bind = null;
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            var (id, _, body) = await connection.ReadFrameAsync();
            Assert.Equal(0, id);
            bind = CoreBindRequest.Parser.ParseFrom(body);
            await connection.SendTextAsync("RPC method not found: ::RunLua\n", CoreTextFragment.Types.Color.Lightred);
            await connection.SendFailAsync(1);
            Assert.Equal(-4, (await connection.ReadFrameAsync()).Id);
        });

        var run = await RunToolAsync(["--color", "never", "--lua", "sample-rpc", "greet"], Environment(server.Port));

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("RPC method not found: ::RunLua\n", run.Stdout);
        await server.Conversation.WaitAsync(Patience);
        Assert.Equal("RunLua", bind!.Method);
        Assert.Equal("dfproto.CoreRunLuaRequest", bind.InputMsg);
        Assert.Equal("dfproto.StringListMessage", bind.OutputMsg);
        Assert.False(bind.HasPlugin);
    }

    [Fact]
    public async Task A_command_is_sent_as_RunCommand_on_id_1_without_a_bind_and_followed_by_QUIT()
    {
        var frames = new List<(short Id, int Size, byte[] Body)>();
        await using var server = FakeServer.Start(async connection =>
        {
            await connection.AcceptHandshakeAsync();
            frames.Add(await connection.ReadFrameAsync());
            await connection.SendTextAsync("done\n");
            await connection.SendResultAsync(new EmptyMessage());
            frames.Add(await connection.ReadFrameAsync());
        });

        var run = await RunToolAsync(["status", "ASF", "two words"], Environment(server.Port));

        await server.Conversation.WaitAsync(Patience);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("done\n", run.Stdout);
        Assert.Equal(2, frames.Count);
        Assert.Equal(1, frames[0].Id);
        var request = CoreRunCommandRequest.Parser.ParseFrom(frames[0].Body);
        Assert.Equal("status", request.Command);
        Assert.Equal(["ASF", "two words"], request.Arguments);
        Assert.Equal((short)-4, frames[1].Id);
        Assert.Equal(0, frames[1].Size);
    }

    [Fact]
    public async Task The_tool_leaves_no_session_open_on_the_gateway()
    {
        var run = await RunToolAsync(["status"]);

        Assert.Equal(0, run.ExitCode);
        await AwaitConnectionCountAsync(0);
    }

    [Fact]
    public async Task DFHACK_PORT_wins_over_the_config_file()
    {
        WriteConfig($$"""{ "allow_remote": false, "port": {{ClosedPort()}} }""");

        var run = await RunToolAsync(["status"], Environment(Gateway.Port));

        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public async Task The_config_file_port_is_used_when_DFHACK_PORT_is_unset_or_not_a_positive_number(string? variable)
    {
        WriteConfig($$"""{ "port": {{Gateway.Port}} }""");
        var environment = new Hashtable();
        if (variable is not null)
        {
            environment["DFHACK_PORT"] = variable;
        }

        var run = await RunToolAsync(["status"], environment);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task The_port_option_overrides_DFHACK_PORT()
    {
        var run = await RunToolAsync(["--port", Gateway.Port.ToString(CultureInfo.InvariantCulture), "status"], Environment(ClosedPort()));

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Color_always_wraps_each_coloured_fragment_in_its_ANSI_code_and_a_reset()
    {
        var run = await RunToolAsync(["--color", "always", "countdown", "4", "0"]);

        Assert.Equal(0, run.ExitCode);
        // Each fragment is wrapped on its own: the server may merge adjacent lines of one colour or not.
        var plain = run.Stdout.Replace("\u001b[96m", "", StringComparison.Ordinal)
            .Replace("\u001b[91m", "", StringComparison.Ordinal)
            .Replace("\u001b[92m", "", StringComparison.Ordinal)
            .Replace("\u001b[0m", "", StringComparison.Ordinal);
        Assert.Equal("4...\n3...\n2...\n1...\nLiftoff!\n", plain);
        Assert.StartsWith("\u001b[96m4...\u001b[0m\n\u001b[91m3...", run.Stdout);
        Assert.EndsWith("\u001b[92mLiftoff!\u001b[0m\n", run.Stdout);
    }

    [Theory]
    [InlineData("never", true)]
    [InlineData("auto", false)]
    public async Task Color_never_or_auto_on_a_redirected_stdout_prints_no_escape_codes(string mode, bool terminal)
    {
        var run = await RunToolAsync(["--color", mode, "countdown", "2", "0"], stdoutIsTerminal: terminal);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("2...\n1...\nLiftoff!\n", run.Stdout);
    }

    [Fact]
    public async Task Color_auto_on_a_terminal_prints_escape_codes_unless_NO_COLOR_is_set()
    {
        var coloured = await RunToolAsync(["countdown", "1", "0"], stdoutIsTerminal: true);
        var environment = Environment(Gateway.Port);
        environment["NO_COLOR"] = "1";
        var plain = await RunToolAsync(["countdown", "1", "0"], environment, stdoutIsTerminal: true);

        Assert.Equal("\u001b[91m1...\u001b[0m\n\u001b[92mLiftoff!\u001b[0m\n", coloured.Stdout);
        Assert.Equal("1...\nLiftoff!\n", plain.Stdout);
    }

    [Fact]
    public async Task Help_prints_the_usage_on_stdout_and_exits_0()
    {
        var run = await RunToolAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: actorrpc-run", run.Stdout);
    }

    private static Hashtable Environment(int port) => new() { ["DFHACK_PORT"] = port.ToString(CultureInfo.InvariantCulture) };

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(Path.Combine(Root, "dfhack-config"));
        File.WriteAllText(Path.Combine(Root, "dfhack-config", "remote-server.json"), json);
    }
}
