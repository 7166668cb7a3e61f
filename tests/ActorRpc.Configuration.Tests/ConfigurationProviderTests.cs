using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration.Tests;

public sealed class ConfigurationProviderTests
{
    [Fact]
    public void Hocon_paths_become_colon_separated_configuration_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("actorrpc.ipc.port = 1242\nactorrpc { node.name = node1 }")
            .Build();

        Assert.Equal("1242", configuration["actorrpc:ipc:port"]);
        Assert.Equal("node1", configuration["actorrpc:node:name"]);
        Assert.Equal("1242", configuration.GetSection("actorrpc").GetSection("ipc")["port"]);
    }

    [Fact]
    public void Keys_are_case_insensitive()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("ActorRpc.IPC.Port = 1242").Build();

        Assert.Equal("1242", configuration["actorrpc:ipc:port"]);
    }

    [Fact]
    public void Arrays_become_indexed_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("origins = [\"*\", \"http://localhost\"]\nnested = [ { a = 1 }, [x, y] ]")
            .Build();

        Assert.Equal("*", configuration["origins:0"]);
        Assert.Equal("http://localhost", configuration["origins:1"]);
        Assert.Equal(["*", "http://localhost"], configuration.GetSection("origins").GetChildren().Select(child => child.Value));
        Assert.Equal("1", configuration["nested:0:a"]);
        Assert.Equal("y", configuration["nested:1:1"]);
    }

    [Fact]
    public void Scalars_keep_their_text_and_null_is_a_null_value()
    {
        var data = Hocon.Parse("n = 1e5\nd = -0.5\nt = true\nf = false\nz = null\ns = \"quoted\"\nu = 100ms\nempty {}\nnone = []").ToConfigurationData();

        Assert.Equal("1e5", data["n"]);
        Assert.Equal("-0.5", data["d"]);
        Assert.Equal("true", data["t"]);
        Assert.Equal("false", data["f"]);
        Assert.True(data.ContainsKey("z"));
        Assert.Null(data["z"]);
        Assert.Equal("quoted", data["s"]);
        Assert.Equal("100ms", data["u"]);
        Assert.Null(data["empty"]);
        Assert.Null(data["none"]);
    }

    [Fact]
    public void Later_hocon_string_overrides_an_earlier_one_key_by_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("ipc { host = \"127.0.0.1\", port = 1242 }", "defaults")
            .AddHoconString("ipc.port = 9000", "overrides")
            .Build();

        Assert.Equal("9000", configuration["ipc:port"]);
        Assert.Equal("127.0.0.1", configuration["ipc:host"]);
    }

    [Fact]
    public void Hocon_file_is_loaded_through_the_builder()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("app.conf", "a.b = 1");

        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("1", configuration["a:b"]);
    }

    [Fact]
    public void Missing_optional_file_is_empty_and_missing_required_file_throws()
    {
        using var directory = new TempDirectory();
        var missing = Path.Combine(directory.Path, "missing.conf");

        var configuration = new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build();
        Assert.Empty(configuration.AsEnumerable());

        var error = Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
        Assert.Equal(missing, error.FileName);
    }

    [Fact]
    public void Parse_errors_surface_from_build_with_the_source_name()
    {
        var error = Assert.Throws<HoconParseException>(() => new ConfigurationBuilder().AddHoconString("a {\n  port }", "actorrpc.conf").Build());

        Assert.Equal("actorrpc.conf:2:8: expected '=', ':' or '{' after key 'port' but found '}'", error.Message);
    }

    [Fact]
    public void Source_can_be_configured_directly()
    {
        using var directory = new TempDirectory();
        directory.Write("base.conf", "port = 1");

        var configuration = new ConfigurationBuilder()
            .AddHocon(source =>
            {
                source.Text = "include \"base.conf\"\nhost = h";
                source.BaseDirectory = directory.Path;
            })
            .Build();

        Assert.Equal("1", configuration["port"]);
        Assert.Equal("h", configuration["host"]);
    }
}
