using System.Collections;

namespace ActorRpc.Node.Tests;

public sealed class NodeConfigurationSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actorrpc-config-").FullName;

    [Fact]
    public void Built_in_defaults_match_the_documented_file()
    {
        var (_, options) = NodeConfiguration.Build([], new Hashtable());

        Assert.Equal("node1", options.NodeName);
        Assert.False(options.IpcEnabled);
        Assert.True(options.RpcEnabled);
        Assert.Equal("127.0.0.1", options.Ipc.Host);
        Assert.Equal(1242, options.Ipc.Port);
        Assert.Null(options.Ipc.Password);
        Assert.Equal(0UL, options.Ipc.OwnerId);
        Assert.Equal(["*"], options.Ipc.CorsOrigins);
        Assert.Equal(1024 * 1024, options.Ipc.MaxBodySize);
        Assert.Equal(512, options.Ipc.MaxConcurrentRequests);
        Assert.False(options.Ipc.MetricsOpen);
        Assert.Equal(5000, options.Rpc.Port);
        Assert.Equal(64L * 1024 * 1024, options.Rpc.MaxFrameSize);
        Assert.Equal("config", options.Core.BotsDirectory);
        Assert.Equal(1000, options.Core.MaxQueuedCommandsPerBot);
        Assert.Equal(10_000, options.Core.MaxQueuedCallsPerMethod);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.Core.RegexTimeout);
        Assert.Equal("in-memory", options.ClusterTransport);
        Assert.Null(options.Cluster);
        Assert.Equal("text", options.LogFormat);
        // A component's options made in code start from the same file.
        var cluster = new ActorRpc.Cluster.ClusterSettings { RabbitMqUri = new Uri("amqp://localhost/"), NodeName = "n" };
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.FailureTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), cluster.BrokerHeartbeat);
        Assert.Equal(64, cluster.Shards);
        Assert.Equivalent(options.Ipc with { StorageFile = null }, new ActorRpc.Gateways.Http.HttpGatewayOptions(), strict: true);
        Assert.Equivalent(options.Rpc, new ActorRpc.Gateways.Tcp.TcpGatewayOptions(), strict: true);
    }

    [Theory]
    [InlineData("500ms")]
    [InlineData("1500ms")]
    [InlineData("0s")]
    [InlineData("2m")]
    public void A_broker_heartbeat_that_AMQP_cannot_carry_is_refused(string value)
    {
        var file = WriteConfig($"actorrpc.cluster.broker-heartbeat = {value}");

        var error = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Build(["--config", file], new Hashtable()));

        Assert.StartsWith("actorrpc.cluster.broker-heartbeat must be a whole number of seconds from 1s to 60s", error.Message);
    }

    [Fact]
    public void A_whole_second_broker_heartbeat_is_taken()
    {
        var (_, options) = NodeConfiguration.Build(["--config", WriteConfig("actorrpc.cluster.broker-heartbeat = 5s"), "--cluster", "amqp://localhost/"], new Hashtable());

        Assert.Equal(TimeSpan.FromSeconds(5), options.Cluster!.BrokerHeartbeat);
    }

    [Fact]
    public void The_file_overrides_defaults_the_environment_overrides_the_file_and_flags_override_everything()
    {
        var file = WriteConfig("""
            actorrpc {
              ipc { port = 2000, host = "0.0.0.0" }
              rpc.port = 2001
              node.name = from-file
            }
            """);
        var environment = new Hashtable { ["actorrpc__ipc__port"] = "3000", ["actorrpc__node__name"] = "from-env" };

        var (_, options) = NodeConfiguration.Build(["--config", file, "--node-name", "from-flag", "--server"], environment);

        Assert.Equal("0.0.0.0", options.Ipc.Host);
        Assert.Equal(3000, options.Ipc.Port);
        Assert.Equal(2001, options.Rpc.Port);
        Assert.Equal("from-flag", options.NodeName);
        Assert.True(options.IpcEnabled);
    }

    [Theory]
    [InlineData("6000", 6000)]
    [InlineData("0", 5000)]
    [InlineData("-1", 5000)]
    [InlineData("nonsense", 5000)]
    public void DFHACK_PORT_above_zero_sets_the_rpc_port(string value, int expected)
    {
        var (_, options) = NodeConfiguration.Build([], new Hashtable { ["DFHACK_PORT"] = value });

        Assert.Equal(expected, options.Rpc.Port);
    }

    [Fact]
    public void Flags_set_every_documented_key()
    {
        var (_, options) = NodeConfiguration.Build(
            ["--ipc-host", "127.0.0.2", "--ipc-port=1300", "--ipc-password", "secret", "--owner-id", "7", "--rpc-port", "5100",
             "--allow-remote", "--bots-dir", "bots", "--plugins-dir", "plugs", "--cluster", "amqp://guest:guest@localhost:5672/"],
            new Hashtable());

        Assert.Equal("127.0.0.2", options.Ipc.Host);
        Assert.Equal(1300, options.Ipc.Port);
        Assert.Equal("secret", options.Ipc.Password);
        Assert.Equal(7UL, options.Ipc.OwnerId);
        Assert.Equal(5100, options.Rpc.Port);
        Assert.True(options.Rpc.AllowRemote);
        Assert.Equal("bots", options.Core.BotsDirectory);
        Assert.Equal("plugs", options.Core.PluginsDirectory);
        Assert.Equal(7UL, options.Core.OwnerId);
        Assert.Equal("amqp://guest:guest@localhost:5672/", options.Cluster!.RabbitMqUri.ToString());
        Assert.True(options.Core.BotsPlacedByCluster);
        Assert.Equal(Path.Combine("bots", ".ipc-storage.json"), options.Ipc.StorageFile);
    }

    [Theory]
    [InlineData(new[] { "--ipc-port", "70000" }, "actorrpc.ipc.port: expected a whole number from 0 to 65535 (0: a free port), but found '70000'.")]
    [InlineData(new[] { "--owner-id", "-3" }, "actorrpc.ipc.owner-id: expected a non-negative whole number, but found '-3'.")]
    [InlineData(new[] { "--node-name", "bad/name" }, "actorrpc.node.name: expected a name of letters, digits, '-' and '_', but found 'bad/name'.")]
    [InlineData(new[] { "--frobnicate" }, "Unrecognized command or argument '--frobnicate'.\nRun with --help for the list.")]
    [InlineData(new[] { "--rpc-port" }, "Required argument missing for option: '--rpc-port'.\nRun with --help for the list.")]
    [InlineData(new[] { "--ipc-prot", "5" }, "'--ipc-prot' was not matched. Did you mean one of the following?\n--ipc-port\n" +
        "Unrecognized command or argument '--ipc-prot'.\nUnrecognized command or argument '5'.\nRun with --help for the list.")]
    [InlineData(new[] { "--config", "/nonexistent/actorrpc.conf" }, "--config /nonexistent/actorrpc.conf: no such file.")]
    [InlineData(new[] { "--cluster", "http://broker:5672/" }, "actorrpc.cluster.rabbitmq-uri: 'http://broker:5672/' is not an amqp:// or amqps:// URI")]
    public void Bad_flags_are_refused_with_one_clear_message(string[] args, string message)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Build(args, new Hashtable()));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_malformed_file_is_refused_with_its_line_and_column()
    {
        var file = WriteConfig("actorrpc {\n  ipc.port = \n}\n");

        var error = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Build(["--config", file], new Hashtable()));

        Assert.Matches(@"actorrpc\.conf:\d+:\d+: ", error.Message);
    }

    [Fact]
    public void Wrong_values_in_the_file_name_their_key()
    {
        var file = WriteConfig("actorrpc.commands.regex-timeout = soon\nactorrpc.rpc.max-frame-size = lots");

        var error = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Build(["--config", file], new Hashtable()));

        Assert.StartsWith("actorrpc.rpc.max-frame-size: expected a size", error.Message);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_lists_every_flag_with_its_help_and_the_environment(string help)
    {
        var text = NodeConfiguration.Informational([help]);

        Assert.NotNull(text);
        Assert.All(NodeConfiguration.Flags, flag => Assert.Contains(flag.Flag, text));
        Assert.All(NodeConfiguration.Flags, flag => Assert.Contains(flag.Help, text));
        Assert.Contains("actorrpc__SECTION__KEY=value", text);
        Assert.Equal(NodeConfiguration.Usage, text);
    }

    [Fact]
    public void Version_prints_the_version_and_a_command_line_to_run_asks_for_nothing_else()
    {
        // The version of the program that runs (here the test host's; the node's own when the node runs).
        Assert.Matches(@"^\d+\.\d+", NodeConfiguration.Informational(["--version"]));
        Assert.Null(NodeConfiguration.Informational(["--server", "--ipc-port", "1300"]));
        Assert.Null(NodeConfiguration.Informational(["--frobnicate"]));
    }

    [Fact]
    public void The_files_akka_section_is_handed_to_Akka_with_what_only_our_reader_understands()
    {
        var file = WriteConfig("""
            actorrpc.node.name = n1
            akka {
              loglevel = DEBUG
              actor.debug.receive = on
              scheduler { tick-duration = 20ms }
              "odd.key" = "a \"quoted\" value"
              extensions = [first]
              extensions += second
              ask-timeout = ${?ACTORRPC_TEST_ASK_TIMEOUT}
            }
            """);

        // The reader resolves ${?VAR} from the process's environment (a name only this test uses).
        Environment.SetEnvironmentVariable("ACTORRPC_TEST_ASK_TIMEOUT", "7s");
        var (_, options) = NodeConfiguration.Build(["--config", file], new Hashtable());
        var akka = Akka.Configuration.ConfigurationFactory.ParseString(options.AkkaHocon);

        Assert.Equal("DEBUG", akka.GetString("akka.loglevel"));
        Assert.True(akka.GetBoolean("akka.actor.debug.receive"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), akka.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.Equal("a \"quoted\" value", akka.GetString("akka.\"odd.key\""));
        Assert.Equal(["first", "second"], akka.GetStringList("akka.extensions"));
        Assert.Equal(TimeSpan.FromSeconds(7), akka.GetTimeSpan("akka.ask-timeout"));
    }

    [Fact]
    public void Without_an_akka_section_Akka_gets_nothing_from_the_file()
    {
        var (_, options) = NodeConfiguration.Build(["--config", WriteConfig("actorrpc.node.name = n1")], new Hashtable());

        Assert.Equal(string.Empty, options.AkkaHocon);
    }

    private string WriteConfig(string text)
    {
        var file = Path.Combine(_dir, "actorrpc.conf");
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
