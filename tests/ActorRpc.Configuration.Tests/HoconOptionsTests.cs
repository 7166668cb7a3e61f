using ActorRpc.Configuration.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActorRpc.Configuration.Tests;

/// <summary>Options bound by their <see cref="HoconKeyAttribute"/>s, read as HOCON writes values, and checked through Microsoft.Extensions.Options.</summary>
public sealed class HoconOptionsTests
{
    private static IConfiguration Configuration(string hocon) => new ConfigurationBuilder().AddHoconString(hocon, "test").Build();

    [Fact]
    public void Every_kind_of_value_is_read_as_HOCON_writes_it()
    {
        var probe = new Probe();

        HoconOptions.Bind(probe, Configuration("""
            probe {
              wait = 250ms
              size = 64 MiB
              small = 2K
              flag = on
              mode = friday
              list = ["a", "b"]
              uri = "amqp://broker:5672/"
              nested.id = 18446744073709551615
              name = null
            }
            """));

        Assert.Equal(TimeSpan.FromMilliseconds(250), probe.Wait);
        Assert.Equal(64L * 1024 * 1024, probe.Size);
        Assert.Equal(2048, probe.Small);
        Assert.True(probe.Flag);
        Assert.Equal(DayOfWeek.Friday, probe.Mode);
        Assert.Equal(["a", "b"], probe.List);
        Assert.Equal(new Uri("amqp://broker:5672/"), probe.Uri);
        Assert.Equal(ulong.MaxValue, probe.Id);
        Assert.Null(probe.Name);
        Assert.Equal("probe.nested.id", HoconOptions.KeyOf<Probe>(nameof(Probe.Id)));
    }

    [Fact]
    public void A_key_the_configuration_lacks_leaves_its_property_as_it_was()
    {
        var probe = new Probe { Name = "kept", Wait = TimeSpan.FromSeconds(9) };

        HoconOptions.Bind(probe, Configuration("probe.flag = yes"));

        Assert.True(probe.Flag);
        Assert.Equal("kept", probe.Name);
        Assert.Equal(TimeSpan.FromSeconds(9), probe.Wait);
    }

    [Theory]
    [InlineData("wait = soon", "probe.wait: expected a duration such as 100ms or 5 s, but found 'soon'.")]
    [InlineData("size = lots", "probe.size: expected a size such as 64 MiB, but found 'lots'.")]
    [InlineData("small = 4 GiB", "probe.small: expected a size such as 64 MiB, but found '4 GiB'.")]
    [InlineData("flag = maybe", "probe.flag: expected true or false, but found 'maybe'.")]
    [InlineData("mode = someday", "probe.mode: expected Sunday or Monday or Tuesday or Wednesday or Thursday or Friday or Saturday, but found 'someday'.")]
    [InlineData("nested.id = -1", "probe.nested.id: expected a non-negative whole number, but found '-1'.")]
    [InlineData("uri = not-absolute", "probe.uri: expected an absolute URI, but found 'not-absolute'.")]
    [InlineData("wait = \"\"", "probe.wait: expected a duration such as 100ms or 5 s, but found ''.")]
    public void A_value_that_cannot_be_read_fails_with_one_line_naming_the_key(string entry, string message)
    {
        var error = Assert.Throws<HoconOptionsException>(() => HoconOptions.Bind(new Probe(), Configuration("probe." + entry)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Registered_options_are_bound_from_the_containers_configuration_and_checked_on_start()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration("probe { wait = 2s, small = 0 }"));
        services.AddHoconOptions<Probe, ProbeValidator>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("probe.small: expected a positive size, but found '0'.", Assert.Single(error.Failures));
    }

    [Fact]
    public void The_built_in_defaults_are_the_documented_file()
    {
        var file = File.ReadAllText(Path.Combine(DefaultConfigurationFileTests.FindRepositoryRoot(), "hocon", "actorrpc.conf"));

        Assert.Equal(file, HoconOptions.ReadDefaults());
        Assert.Equal("1242", HoconOptions.Defaults["actorrpc:ipc:port"]);
    }

    [HoconSection("probe")]
    public sealed record Probe
    {
        [HoconKey("wait")]
        public TimeSpan Wait { get; init; }

        [HoconKey("size", Size = true)]
        public long Size { get; init; }

        [HoconKey("small", Size = true)]
        public int Small { get; init; } = 1;

        [HoconKey("flag")]
        public bool Flag { get; init; }

        [HoconKey("mode")]
        public DayOfWeek Mode { get; init; }

        [HoconKey("list")]
        public IReadOnlyList<string> List { get; init; } = [];

        [HoconKey("uri")]
        public Uri? Uri { get; init; }

        [HoconKey("nested.id")]
        public ulong Id { get; init; }

        [HoconKey("name")]
        public string? Name { get; init; }
    }

    public sealed class ProbeValidator : IValidateOptions<Probe>
    {
        public ValidateOptionsResult Validate(string? name, Probe options) => options.Small > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{HoconOptions.KeyOf<Probe>(nameof(Probe.Small))}: expected a positive size, but found '{options.Small}'.");
    }
}
