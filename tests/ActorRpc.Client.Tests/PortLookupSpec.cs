using System.Collections;
using ActorRpc.Tools.Run;

namespace ActorRpc.Client.Tests;

/// <summary>The port actorrpc-run picks when <c>--port</c> is not given.</summary>
public sealed class PortLookupSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorrpc-port-").FullName;

    [Fact]
    public void Without_DFHACK_PORT_or_a_config_file_the_port_is_5000()
    {
        Assert.Equal(5000, PortLookup.Resolve(new Hashtable(), _directory, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void DFHACK_PORT_above_0_comes_first()
    {
        WriteConfig("""{ "port": 6001 }""");

        Assert.Equal(6002, PortLookup.Resolve(new Hashtable { ["DFHACK_PORT"] = "6002" }, _directory, out _));
    }

    [Fact]
    public void The_config_file_port_comes_next()
    {
        WriteConfig("""{ "allow_remote": true, "port": 6001 }""");

        Assert.Equal(6001, PortLookup.Resolve(new Hashtable { ["DFHACK_PORT"] = "0" }, _directory, out _));
    }

    [Theory]
    [InlineData("""{ "allow_remote": true }""")]
    [InlineData("""{ "port": "6001" }""")]
    [InlineData("""{ "port": 0 }""")]
    public void A_config_file_without_a_usable_port_means_5000(string json)
    {
        WriteConfig(json);

        Assert.Equal(5000, PortLookup.Resolve(new Hashtable(), _directory, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void A_config_file_that_is_not_JSON_means_5000_with_a_warning()
    {
        WriteConfig("port = 6001");

        Assert.Equal(5000, PortLookup.Resolve(new Hashtable(), _directory, out var warning));
        Assert.StartsWith("Ignoring dfhack-config/remote-server.json", warning);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "dfhack-config"));
        File.WriteAllText(Path.Combine(_directory, "dfhack-config", "remote-server.json"), json);
    }
}
