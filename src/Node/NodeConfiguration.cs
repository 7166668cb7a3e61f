using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Configuration;
using ActorRpc.Configuration.Options;
using ActorRpc.Gateways.Http;
using ActorRpc.Gateways.Tcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        builder.AddHoconString(HoconOptions.ReadDefaults(), "built-in defaults");
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

    /// <summary>
    /// Binds and checks each component's options from <paramref name="configuration"/> through
    /// <c>Microsoft.Extensions.Options</c> (the binding and validators every component registers with
    /// <see cref="HoconOptionsServiceCollectionExtensions.AddHoconOptions"/>), in a fixed order so that the first
    /// problem is the one reported, then puts together what the node derives from several of them.
    /// </summary>
    private static NodeOptions Read(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddHoconOptions<NodeOptions, NodeOptionsValidator>();
        services.AddHoconOptions<HttpGatewayOptions, HttpGatewayOptionsValidator>();
        services.AddHoconOptions<TcpGatewayOptions, TcpGatewayOptionsValidator>();
        services.AddHoconOptions<CoreOptions, CoreOptionsValidator>();
        services.AddHoconOptions<ClusterSettings, ClusterSettingsValidator>();
        using var provider = services.BuildServiceProvider();
        try
        {
            var node = provider.GetRequiredService<IOptions<NodeOptions>>().Value;
            var ipc = provider.GetRequiredService<IOptions<HttpGatewayOptions>>().Value;
            var rpc = provider.GetRequiredService<IOptions<TcpGatewayOptions>>().Value;
            var core = provider.GetRequiredService<IOptions<CoreOptions>>().Value;
            var cluster = provider.GetRequiredService<IOptions<ClusterSettings>>().Value;
            if (node.ClusterTransport.Equals("rabbitmq", StringComparison.OrdinalIgnoreCase) && cluster.RabbitMqUri is null)
            {
                throw new NodeConfigurationException("actorrpc.cluster.transport is rabbitmq but no actorrpc.cluster.rabbitmq-uri (or --cluster AMQP_URI) is set");
            }
            var clustered = cluster.RabbitMqUri is not null;
            return node with
            {
                Core = core with { BotsPlacedByCluster = clustered },
                Ipc = ipc with { StorageFile = Path.Combine(core.BotsDirectory, ".ipc-storage.json") },
                Rpc = rpc,
                Cluster = clustered
                    ? cluster with
                    {
                        NodeName = core.NodeName,
                        SeedBotsDirectory = core.BotsDirectory,
                        MethodPrefetch = (ushort)Math.Clamp(core.MaxConcurrentCalls, 1, ushort.MaxValue),
                    }
                    : null,
            };
        }
        catch (OptionsValidationException ex)
        {
            throw new NodeConfigurationException(ex.Failures.First());
        }
        catch (HoconOptionsException ex)
        {
            throw new NodeConfigurationException(ex.Message);
        }
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
}

/// <summary>The node's configuration is wrong; the message says where and why, in one line.</summary>
public sealed class NodeConfigurationException(string message) : Exception(message);
