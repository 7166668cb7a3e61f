using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration.Tests;

public sealed class DefaultConfigurationFileTests
{
    private static readonly string s_defaultFile = Path.Combine(FindRepositoryRoot(), "hocon", "actorrpc.conf");

    [Fact]
    public void Default_file_parses_and_holds_the_documented_defaults()
    {
        var document = HoconParser.ParseFile(s_defaultFile);

        Assert.Equal("node1", document.GetString("actorrpc.node.name"));
        Assert.Equal("false", document.GetString("actorrpc.ipc.enabled"));
        Assert.Equal("127.0.0.1", document.GetString("actorrpc.ipc.host"));
        Assert.Equal("1242", document.GetString("actorrpc.ipc.port"));
        Assert.Null(document.GetString("actorrpc.ipc.password"));
        Assert.Equal("PlainText", document.GetString("actorrpc.ipc.password-format"));
        Assert.Equal("0", document.GetString("actorrpc.ipc.owner-id"));
        Assert.Equal(1024 * 1024, document.GetSize("actorrpc.ipc.max-body-size"));
        Assert.Equal("true", document.GetString("actorrpc.rpc.enabled"));
        Assert.Equal("5000", document.GetString("actorrpc.rpc.port"));
        Assert.Equal("false", document.GetString("actorrpc.rpc.allow-remote"));
        Assert.Equal(64L * 1024 * 1024, document.GetSize("actorrpc.rpc.max-frame-size"));
        Assert.Equal("config", document.GetString("actorrpc.bots.directory"));
        Assert.Equal("plugins", document.GetString("actorrpc.plugins.directory"));
        Assert.Equal("64", document.GetString("actorrpc.plugins.max-concurrent-calls"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), document.GetDuration("actorrpc.commands.regex-timeout"));
        Assert.Equal("in-memory", document.GetString("actorrpc.cluster.transport"));
        Assert.Equal("64", document.GetString("actorrpc.cluster.shards"));
    }

    [Fact]
    public void Default_file_maps_to_configuration_keys()
    {
        var configuration = new ConfigurationBuilder().AddHoconFile(s_defaultFile).Build();

        Assert.Equal("1242", configuration["actorrpc:ipc:port"]);
        Assert.Equal("*", configuration["actorrpc:ipc:cors-origins:0"]);
        Assert.Equal("127.0.0.1/32", configuration["actorrpc:rpc:trusted-networks:0"]);
        Assert.Equal("1 MiB", configuration["actorrpc:ipc:max-body-size"]);
        Assert.Equal("64 MiB", configuration["actorrpc:rpc:max-frame-size"]);
        Assert.Equal("100ms", configuration["actorrpc:commands:regex-timeout"]);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ACTORRPC_RABBITMQ_URI")))
        {
            // ${?ACTORRPC_RABBITMQ_URI} with the variable unset leaves the key out entirely.
            Assert.DoesNotContain(configuration.AsEnumerable(), pair => pair.Key == "actorrpc:cluster:rabbitmq-uri");
        }
    }

    [Fact]
    public void Later_source_overrides_a_default_from_the_file()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(s_defaultFile)
            .AddHoconString("actorrpc.ipc { enabled = true, port = 9000 }")
            .Build();

        Assert.Equal("true", configuration["actorrpc:ipc:enabled"]);
        Assert.Equal("9000", configuration["actorrpc:ipc:port"]);
        Assert.Equal("127.0.0.1", configuration["actorrpc:ipc:host"]);
    }

    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActorRpc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ActorRpc.sln above {AppContext.BaseDirectory}");
    }
}
