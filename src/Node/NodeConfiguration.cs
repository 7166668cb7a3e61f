using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using ActorRpc.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorRpc.Node;

/// <summary>
/// Builds the node's configuration, lowest precedence first: the built-in defaults (the embedded
/// <c>hocon/actorrpc.conf</c>), the configuration file (<c>hocon/actorrpc.conf</c> in the working directory,
/// or <c>--config FILE</c>), environment variables (<c>actorrpc__ipc__port=…</c>, and <c>DFHACK_PORT</c>), then
/// command-line flags; and checks it, so a bad value stops the node with one clear message.
/// </summary>
public static class NodeConfiguration
{
    /// <summary>The configuration file read when <c>--config</c> is not given (if it exists).</summary>
    public const string DefaultConfigFile = "hocon/actorrpc.conf";

    /// <summary>
    /// The node's flags: name, configuration key (null for flags handled here), whether it takes a value, help. The
    /// command line is parsed by System.CommandLine from this table; it adds <c>--help</c> (<c>-h</c>, <c>-?</c>) and
    /// <c>--version</c>.
    /// </summary>
    public static IReadOnlyList<(string Flag, string? Key, bool TakesValue, string Help)> Flags { get; } =
    [
        ("--server", "actorrpc:ipc:enabled", false, "start the HTTP IPC server"),
        ("--config", null, true, "read configuration from FILE instead of hocon/actorrpc.conf"),
        ("--node-name", "actorrpc:node:name", true, "the node's name (also its actor system's)"),
        ("--ipc-host", "actorrpc:ipc:host", true, "address of the HTTP IPC server (default 127.0.0.1)"),
        ("--ipc-port", "actorrpc:ipc:port", true, "port of the HTTP IPC server (default 1242)"),
        ("--ipc-password", "actorrpc:ipc:password", true, "IPC password (default: none)"),
        ("--owner-id", "actorrpc:ipc:owner-id", true, "owner id; 0 (the default) prohibits commands"),
        ("--rpc-port", "actorrpc:rpc:port", true, "port of the TCP RPC endpoint (default 5000; DFHACK_PORT overrides the file)"),
        ("--allow-remote", "actorrpc:rpc:allow-remote", false, "accept RPC connections from other hosts"),
        ("--bots-dir", "actorrpc:bots:directory", true, "directory of bot configurations (default config)"),
        ("--plugins-dir", "actorrpc:plugins:directory", true, "directory of plugin assemblies (default plugins)"),
        ("--cluster", "actorrpc:cluster:rabbitmq-uri", true, "join the cluster at this AMQP URI"),
        ("--log-format", "actorrpc:log:format", true, "text (default) or json: one JSON object per line, for log shippers"),
    ];

    /// <summary>The command line's grammar, built once from <see cref="Flags"/>.</summary>
    private static readonly RootCommand s_command = CreateCommand();

    private static RootCommand CreateCommand()
    {
        var command = new RootCommand(
            "Runs an ActorRpc node. Configuration, lowest precedence first: the built-in defaults, the file " +
            "(hocon/actorrpc.conf or --config FILE), environment variables (actorrpc__SECTION__KEY=value, e.g. " +
            "actorrpc__ipc__port=1300; DFHACK_PORT > 0 sets the RPC port), then these flags.");
        foreach (var flag in Flags)
        {
            command.Options.Add(flag.TakesValue
                ? new Option<string>(flag.Flag) { Description = flag.Help, HelpName = ValueName(flag.Flag) }
                : new Option<bool>(flag.Flag) { Description = flag.Help });
        }
        return command;
    }

    /// <summary>The text of <c>--help</c>, as System.CommandLine writes it.</summary>
    public static string Usage
    {
        get
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            s_command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
            return output.ToString();
        }
    }

    /// <summary>
    /// What the command line asks for besides running: the text of <c>--help</c> or <c>--version</c> (to print, then exit
    /// 0), or null to run.
    /// </summary>
    public static string? Informational(IReadOnlyList<string> args)
    {
        var result = s_command.Parse([.. args]);
        if (result.Errors.Count > 0 || result.Action is null or ParseErrorAction)
        {
            return null;
        }
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        result.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString();
    }

    /// <summary>Reads and checks the configuration.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The environment variables.</param>
    /// <exception cref="NodeConfigurationException">A flag, file or value is wrong; the message says which and why.</exception>
    public static (IConfiguration Configuration, NodeOptions Options) Build(IReadOnlyList<string> args, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var (flags, configFile) = ParseFlags(args);
        var builder = new ConfigurationBuilder();
        builder.AddHoconString(ReadEmbeddedDefaults(), "built-in defaults");
        if (configFile is not null && !File.Exists(configFile))
        {
            throw new NodeConfigurationException($"--config {configFile}: no such file.");
        }
        var file = configFile ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null);
        if (file is not null)
        {
            builder.AddHoconFile(Path.GetFullPath(file));
        }
        builder.AddInMemoryCollection(FromEnvironment(environment));
        builder.AddInMemoryCollection(flags);
        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (HoconParseException ex)
        {
            throw new NodeConfigurationException(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new NodeConfigurationException(ex.Message);
        }
        return (configuration, Read(configuration) with { AkkaHocon = AkkaSection.ToHocon(configuration.GetSection("akka")) });
    }

    /// <summary>
    /// The flags as configuration values, and the <c>--config</c> file. A command line System.CommandLine cannot parse
    /// is refused with its errors and, for a mistyped flag, its suggestions ("Did you mean …").
    /// </summary>
    private static (Dictionary<string, string?> Flags, string? ConfigFile) ParseFlags(IReadOnlyList<string> args)
    {
        var result = s_command.Parse([.. args]);
        if (result.Errors.Count > 0)
        {
            if (result.Action is ParseErrorAction refusal)
            {
                refusal.ShowHelp = false;
                refusal.ShowTypoCorrections = true;
            }
            using var errors = new StringWriter(CultureInfo.InvariantCulture);
            result.Invoke(new InvocationConfiguration { Output = errors, Error = errors });
            throw new NodeConfigurationException($"{string.Join('\n', FlagSuggestionsOnly(errors.ToString()))}\nRun with --help for the list.");
        }
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? configFile = null;
        foreach (var flag in Flags)
        {
            if (result.GetResult(flag.Flag) is not OptionResult { Implicit: false } given)
            {
                continue;
            }
            var value = flag.TakesValue
                ? given.GetValueOrDefault<string>()
                : given.GetValueOrDefault<bool>() ? "true" : "false";
            if (flag.Key is null)
            {
                configFile = value;
            }
            else
            {
                values[flag.Key] = value;
            }
        }
        return (values, configFile);
    }

    /// <summary>
    /// System.CommandLine's error text without its suggestions for stray values: after an unknown flag its value is
    /// unmatched too ('5' in <c>--ipc-prot 5</c>), and a flag suggested for a value only confuses.
    /// </summary>
    private static IEnumerable<string> FlagSuggestionsOnly(string text)
    {
        var skipping = false;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.EndsWith("Did you mean one of the following?", StringComparison.Ordinal))
            {
                skipping = !line.StartsWith("'-", StringComparison.Ordinal);
            }
            else if (!line.StartsWith('-'))
            {
                skipping = false;
            }
            if (!skipping)
            {
                yield return line;
            }
        }
    }

    private static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            var name = entry.Key.ToString() ?? string.Empty;
            if (name.StartsWith("actorrpc__", StringComparison.OrdinalIgnoreCase))
            {
                values[name.Replace("__", ":", StringComparison.Ordinal)] = entry.Value?.ToString();
            }
        }
        if (environment["DFHACK_PORT"]?.ToString() is { } port && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            values["actorrpc:rpc:port"] = port;
        }
        return values;
    }

    private static NodeOptions Read(IConfiguration configuration)
    {
        var reader = new Reader(configuration);
        var options = new NodeOptions
        {
            NodeName = reader.Name("actorrpc:node:name"),
            Ipc = new IpcOptions
            {
                Enabled = reader.Bool("actorrpc:ipc:enabled"),
                Host = reader.Text("actorrpc:ipc:host"),
                Port = reader.Port("actorrpc:ipc:port"),
                Password = reader.OptionalText("actorrpc:ipc:password"),
                PasswordFormat = reader.OneOf("actorrpc:ipc:password-format", "PlainText", "Pbkdf2"),
                OwnerId = reader.UInt64("actorrpc:ipc:owner-id"),
                CorsOrigins = reader.List("actorrpc:ipc:cors-origins"),
                MaxBodySize = reader.Size("actorrpc:ipc:max-body-size"),
                TrustedNetworks = reader.List("actorrpc:ipc:trusted-networks"),
                AllowedHosts = reader.List("actorrpc:ipc:allowed-hosts"),
                AllowNonLoopbackWithoutPassword = reader.Bool("actorrpc:ipc:allow-non-loopback-without-password"),
                MetricsOpen = reader.Bool("actorrpc:ipc:metrics-open"),
                WebConsole = reader.Bool("actorrpc:ipc:web-console"),
                WebRoot = reader.OptionalText("actorrpc:ipc:web-root"),
                MaxConcurrentRequests = reader.Int("actorrpc:ipc:max-concurrent-requests", 1, 1_000_000),
            },
            Rpc = new RpcOptions
            {
                Enabled = reader.Bool("actorrpc:rpc:enabled"),
                Port = reader.Port("actorrpc:rpc:port"),
                AllowRemote = reader.Bool("actorrpc:rpc:allow-remote"),
                TrustedNetworks = reader.List("actorrpc:rpc:trusted-networks"),
                MaxFrameSize = reader.Size("actorrpc:rpc:max-frame-size"),
            },
            BotsDirectory = reader.Text("actorrpc:bots:directory"),
            PluginsDirectory = reader.Text("actorrpc:plugins:directory"),
            MaxConcurrentCalls = reader.Int("actorrpc:plugins:max-concurrent-calls", 1, 100_000),
            MaxQueuedCalls = reader.Int("actorrpc:plugins:max-queued-calls", 0, 10_000_000),
            MaxQueuedCommands = reader.Int("actorrpc:bots:max-queued-commands", 1, 10_000_000),
            RegexTimeout = reader.Duration("actorrpc:commands:regex-timeout"),
            LogFormat = reader.OneOf("actorrpc:log:format", "text", "json"),
            Cluster = new ClusterOptions
            {
                Transport = reader.OneOf("actorrpc:cluster:transport", "in-memory", "rabbitmq"),
                RabbitMqUri = reader.OptionalText("actorrpc:cluster:rabbitmq-uri"),
                Shards = reader.Int("actorrpc:cluster:shards", 1, 4096),
                HeartbeatInterval = reader.Duration("actorrpc:cluster:heartbeat-interval"),
                FailureTimeout = reader.Duration("actorrpc:cluster:failure-timeout"),
                BrokerHeartbeat = reader.Duration("actorrpc:cluster:broker-heartbeat"),
                RequestTimeout = reader.Duration("actorrpc:cluster:request-timeout"),
                ResultRetention = reader.Duration("actorrpc:cluster:result-retention"),
                RegistrySnapshotEvery = reader.Int("actorrpc:cluster:registry-snapshot-every", 1, 1_000_000),
            },
        };
        if (options.Cluster.Transport == "rabbitmq" && options.Cluster.RabbitMqUri is null)
        {
            throw new NodeConfigurationException("actorrpc.cluster.transport is rabbitmq but no actorrpc.cluster.rabbitmq-uri (or --cluster AMQP_URI) is set");
        }
        if (options.Cluster.RabbitMqUri is { } uri && !(Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "amqp" or "amqps"))
        {
            throw new NodeConfigurationException($"actorrpc.cluster.rabbitmq-uri: '{uri}' is not an amqp:// or amqps:// URI");
        }
        if (options.Cluster.FailureTimeout <= options.Cluster.HeartbeatInterval)
        {
            throw new NodeConfigurationException("actorrpc.cluster.failure-timeout must be longer than actorrpc.cluster.heartbeat-interval");
        }
        if (options.Cluster.BrokerHeartbeat is var beat && (beat.Ticks % TimeSpan.TicksPerSecond != 0 || beat < TimeSpan.FromSeconds(1) || beat > TimeSpan.FromSeconds(60)))
        {
            throw new NodeConfigurationException($"actorrpc.cluster.broker-heartbeat must be a whole number of seconds from 1s to 60s (AMQP counts heartbeats in seconds), not {beat}");
        }
        try
        {
            _ = new ActorRpc.Gateways.Tcp.TrustedNetworks(options.Rpc.TrustedNetworks);
        }
        catch (FormatException ex)
        {
            throw new NodeConfigurationException($"actorrpc.rpc.trusted-networks: {ex.Message}");
        }
        return options;
    }

    private static string ReadEmbeddedDefaults()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ActorRpc.Node.actorrpc.conf")
            ?? throw new InvalidOperationException("The built-in defaults (actorrpc.conf) are missing from the node assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ValueName(string flag) => flag switch
    {
        "--config" => "FILE",
        "--bots-dir" or "--plugins-dir" => "DIR",
        "--cluster" => "AMQP_URI",
        "--log-format" => "FORMAT",
        "--node-name" => "NAME",
        "--ipc-host" => "HOST",
        "--ipc-password" => "PASSWORD",
        "--owner-id" => "ID",
        _ => "PORT",
    };

    /// <summary>Typed reads that name the key and the expectation when a value is wrong.</summary>
    private sealed class Reader(IConfiguration configuration)
    {
        public string Text(string key) =>
            OptionalText(key) ?? throw Wrong(key, null, "a value");

        public string? OptionalText(string key)
        {
            var value = configuration[key];
            return string.IsNullOrEmpty(value) ? null : value;
        }

        public string Name(string key)
        {
            var value = Text(key);
            return value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : throw Wrong(key, value, "a name of letters, digits, '-' and '_'");
        }

        public bool Bool(string key) => configuration[key]?.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Wrong(key, other, "true or false"),
        };

        public int Port(string key) => Int(key, 1, 65535);

        public int Int(string key, int min, int max)
        {
            var value = configuration[key];
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
                ? number
                : throw Wrong(key, value, $"a whole number from {min} to {max}");
        }

        public ulong UInt64(string key)
        {
            var value = configuration[key];
            return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Wrong(key, value, "a non-negative whole number");
        }

        public long Size(string key) => Parsed(key, HoconValues.ParseSize, "a size such as 64 MiB");

        public TimeSpan Duration(string key) => Parsed(key, HoconValues.ParseDuration, "a duration such as 100ms or 5 s");

        /// <summary>A HOCON unit value; the parser's FormatException becomes one line naming the key.</summary>
        private T Parsed<T>(string key, Func<string, T> parse, string expected)
        {
            var value = configuration[key];
            try
            {
                return parse(value ?? string.Empty);
            }
            catch (FormatException)
            {
                throw Wrong(key, value, expected);
            }
        }

        public string OneOf(string key, params string[] allowed)
        {
            var value = configuration[key];
            return allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase)) ?? throw Wrong(key, value, string.Join(" or ", allowed));
        }

        public IReadOnlyList<string> List(string key) =>
            configuration.GetSection(key).GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? string.Empty).ToList();

        private static NodeConfigurationException Wrong(string key, string? value, string expected) =>
            new($"{key.Replace(':', '.')}: expected {expected}, but found {(value is null ? "nothing" : $"'{value}'")}.");
    }
}

/// <summary>The node's configuration is wrong; the message says where and why, in one line.</summary>
public sealed class NodeConfigurationException(string message) : Exception(message);
