using System.Net;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Bot names that would display as other text, refused over real Kestrel before any bot or file exists.</summary>
public sealed class BotNameSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private KestrelNode _node = null!;

    public async Task InitializeAsync() => _node = await KestrelNode.StartAsync(output);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("%E2%80%AEevil", @"\u202Eevil", "U+202E")]
    [InlineData("ev%E2%80%8Bil", @"ev\u200Bil", "U+200B")]
    [InlineData("ev%E2%80%8Dil", @"ev\u200Dil", "U+200D")]
    public async Task Creating_a_bot_whose_name_holds_a_format_character_is_400_naming_the_rule_and_creates_nothing(string encoded, string escaped, string character)
    {
        var reply = (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/" + encoded, """{"BotConfig": {"Enabled": true}}""")).Is(HttpStatusCode.BadRequest);

        Assert.Contains($"'{escaped}' contains {character}, a format character (Cf)", reply.Message);
        Assert.Contains("control (Cc), format (Cf", reply.Message);
        Assert.DoesNotContain(reply.Message, c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        Assert.Empty(_node.Router.Table.Bots);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_node.BotsDir));
        var all = (await _node.SendAsync(HttpMethod.Get, "/Api/Bot/ASF")).Is(HttpStatusCode.OK);
        Assert.Empty(all.Result.EnumerateObject());
    }

    [Fact]
    public async Task A_name_of_letters_from_other_scripts_is_still_created()
    {
        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/%E6%9C%BA%E5%99%A8Zo%C3%AB", """{"BotConfig": {"Enabled": false}}""")).Is(HttpStatusCode.OK);

        Assert.True(_node.Router.Table.Bots.ContainsKey("机器Zoë"));
        Assert.True(File.Exists(Path.Combine(_node.BotsDir, "机器Zoë.json")));
    }
}
