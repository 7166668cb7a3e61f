using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRpc.Node.Tests;

public sealed class NodeLifecycleSpec : NodeSpec
{
    [Fact]
    public void A_node_answers_RunCommand_over_its_TCP_gateway()
    {
        var port = FreePorts.Next();
        using var node = NodeProcess.Start("--rpc-port", port.ToString(), "--owner-id", "1", "--bots-dir", _bots);
        node.WaitForLine("ready", s_startup);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        using var stream = new NetworkStream(socket);
        stream.Write([.. "DFHack?\n"u8, 1, 0, 0, 0]);
        var handshake = new byte[12];
        stream.ReadExactly(handshake);
        Assert.Equal("DFHack!\n", Encoding.ASCII.GetString(handshake, 0, 8));
        // RunCommand (id 1) with CoreRunCommandRequest { command = "version" }: field 1, length 7.
        byte[] body = [0x0A, 7, .. "version"u8];
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt16LittleEndian(frame, 1);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        body.CopyTo(frame, 8);
        stream.Write(frame);

        var text = new StringBuilder();
        while (true)
        {
            var header = new byte[8];
            stream.ReadExactly(header);
            var id = BinaryPrimitives.ReadInt16LittleEndian(header);
            var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
            if (id != -3)
            {
                Assert.Equal(-1, id);
                Assert.Equal(0, size);
                break;
            }
            var payload = new byte[size];
            stream.ReadExactly(payload);
            text.Append(Encoding.UTF8.GetString(payload));
        }
        Assert.Contains("<node1> ActorRpc V", text.ToString());

        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public async Task Actorrpc_run_drives_a_running_node_end_to_end()
    {
        var port = FreePorts.Next();
        File.WriteAllText(Path.Combine(_bots, "alpha.json"), """{"Enabled": true}""");
        using var node = NodeProcess.Start("--rpc-port", port.ToString(), "--owner-id", "1", "--bots-dir", _bots);
        node.WaitForLine("ready", s_startup);
        var environment = new System.Collections.Hashtable { ["DFHACK_PORT"] = port.ToString() };

        async Task<(int Code, string Out, string Err)> Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await ActorRpc.Tools.Run.RunTool.RunAsync(args, stdout, stderr, environment, _bots);
            return (code, stdout.ToString(), stderr.ToString());
        }

        var status = await Run("status", "alpha");
        Assert.Equal(0, status.Code);
        Assert.Contains("<alpha> Bot alpha is running.", status.Out);
        var unknown = await Run("frobnicate");
        Assert.Equal(1, unknown.Code);
        Assert.Equal("frobnicate is not a recognized command.\n", unknown.Out);
        var lua = await Run("--lua", "sample-rpc", "greet", "Urist");
        Assert.Equal((0, "Hello, Urist!\n"), (lua.Code, lua.Out));
        Assert.Equal(2, (await Run()).Code);

        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public async Task A_bot_created_over_HTTP_is_started_commanded_seen_over_TCP_and_deleted()
    {
        var rpcPort = FreePorts.Next();
        var ipcPort = FreePorts.Next();
        using var node = NodeProcess.Start("--server", "--ipc-port", ipcPort.ToString(), "--rpc-port", rpcPort.ToString(), "--owner-id", "1", "--bots-dir", _bots);
        node.WaitForLine("IPC server ready!", s_startup);
        node.WaitForLine("ready", s_startup);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ipcPort}") };
        var environment = new System.Collections.Hashtable { ["DFHACK_PORT"] = rpcPort.ToString() };

        async Task<(int Code, string Out)> Tcp(params string[] args)
        {
            var stdout = new StringWriter();
            var code = await ActorRpc.Tools.Run.RunTool.RunAsync(args, stdout, new StringWriter(), environment, _bots);
            return (code, stdout.ToString());
        }

        var created = await http.PostAsync("/Api/Bot/gamma", new StringContent("""{"BotConfig":{"Enabled":false,"HeartbeatMessage":"over http"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(File.Exists(Path.Combine(_bots, "gamma.json")));
        var started = await http.PostAsync("/Api/Bot/gamma/Start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        var overTcp = await Tcp("status", "gamma");
        Assert.Equal(0, overTcp.Code);
        Assert.Contains("<gamma> Bot gamma is running.", overTcp.Out);
        var overHttp = await http.GetStringAsync("/Api/Command/status%20gamma");
        Assert.Contains("Bot gamma is running.", overHttp);

        var deleted = await http.DeleteAsync("/Api/Bot/gamma");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(_bots, "gamma.json")));
        var gone = await Tcp("status", "gamma");
        Assert.Equal(1, gone.Code);
        Assert.Contains("Couldn't find any bot named gamma!", gone.Out);

        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public async Task A_trace_id_from_an_HTTP_request_reaches_the_log_line_of_the_bot_that_ran_it()
    {
        var ipcPort = FreePorts.Next();
        File.WriteAllText(Path.Combine(_bots, "traced.json"), """{"Enabled": false}""");
        using var node = NodeProcess.Start("--server", "--ipc-port", ipcPort.ToString(), "--rpc-port", FreePorts.Next().ToString(), "--owner-id", "1", "--bots-dir", _bots, "--log-format", "json");
        node.WaitForLine("IPC server ready!", s_startup);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ipcPort}") };
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Api/Bot/traced/Start");
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = node.WaitForLine("Bot traced started", s_startup);
        using var entry = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("ActorRpc.Bots", entry.RootElement.GetProperty("Category").GetString());
        Assert.Contains(traceId, line);
        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public void A_node_logs_ready_and_shuts_down_gracefully_on_SIGTERM()
    {
        using var node = NodeProcess.Start("--node-name", "lifecycle-test", "--rpc-port", FreePorts.Next().ToString(), "--bots-dir", _bots);

        Assert.Contains("ActorRpc node lifecycle-test ready", node.WaitForLine("ready", s_startup));
        node.Terminate();

        node.WaitForLine("ActorRpc node lifecycle-test stopped", s_startup);
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public void Bad_configuration_stops_the_node_at_start_with_one_message_and_exit_code_2()
    {
        using var node = NodeProcess.Start("--ipc-port", "not-a-port");

        Assert.Equal(2, node.WaitForExit(s_startup));
        Assert.Equal("ActorRpc: configuration error: actorrpc.ipc.port: expected a whole number, but found 'not-a-port'.", node.Output.Trim());
    }

    [Fact]
    public void A_mistyped_flag_stops_the_node_with_the_flag_it_meant_and_exit_code_2()
    {
        using var node = NodeProcess.Start("--ipc-prot", "1300");

        Assert.Equal(2, node.WaitForExit(s_startup));
        Assert.StartsWith("ActorRpc: configuration error: '--ipc-prot' was not matched. Did you mean one of the following?\n--ipc-port\n", node.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Version_prints_the_nodes_version_and_exits_0()
    {
        using var node = NodeProcess.Start("--version");

        Assert.Equal(0, node.WaitForExit(s_startup));
        Assert.StartsWith(ActorRpc.Actors.Router.CommandRouter.Version, node.Output.Trim());
    }

    [Fact]
    public void A_node_without_a_name_is_called_node1()
    {
        using var node = NodeProcess.Start("--rpc-port", FreePorts.Next().ToString(), "--bots-dir", _bots);

        Assert.Contains("ActorRpc node node1 ready", node.WaitForLine("ready", s_startup));
        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public void Akka_logs_through_the_node_log_and_takes_the_files_akka_section()
    {
        var file = Path.Combine(_bots, "akka.conf");
        File.WriteAllText(file, "akka { log-config-on-start = on, actor.default-dispatcher.throughput = 17 }");
        using var node = NodeProcess.Start("--config", file, "--rpc-port", FreePorts.Next().ToString(), "--owner-id", "1", "--bots-dir", _bots);

        node.WaitForLine("ActorRpc node node1 ready", s_startup);

        // Akka's own start-up entry (its whole configuration, with the file's value) in the node's log format and category.
        Assert.Contains(node.Output.Split('\n'), line => line.Contains("info: Akka.", StringComparison.Ordinal));
        Assert.Contains("throughput : 17", node.Output, StringComparison.Ordinal);
    }
}
