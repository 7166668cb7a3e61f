using System.Text.Json;
using ActorRpc.Actors.Bots;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Core.Tests;

public sealed class BotsDirectorySpec : CoreTestKit
{
    [Fact]
    public async Task A_created_file_adds_a_bot_and_starts_it_when_enabled()
    {
        WriteBotFile("charlie", """{"Enabled": true}""");

        await AwaitAssertAsync(async () => Assert.Contains("<charlie> Bot charlie is running.", (await Run("status charlie")).Text));
    }

    [Fact]
    public async Task A_changed_file_reloads_the_bot_configuration()
    {
        WriteBotFile("charlie", """{"Enabled": false, "Level": 1}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("charlie"));

        WriteBotFile("charlie", """{"Enabled": false, "Level": 2}""");

        await AwaitAssertAsync(async () =>
        {
            var bot = (await Router.GetBotsAsync("charlie")).Bots.Single();
            Assert.Equal(2, bot.Config!.Settings.GetProperty("Level").GetInt32());
        });
    }

    [Fact]
    public void A_deleted_file_removes_the_bot()
    {
        WriteBotFile("charlie", """{"Enabled": true}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("charlie"));

        File.Delete(Path.Combine(BotsDir, "charlie.json"));

        AwaitCondition(() => !Router.Table.Bots.ContainsKey("charlie"));
    }

    [Fact]
    public async Task A_corrupt_file_fails_only_its_bot_and_a_fix_recovers_it()
    {
        WriteBotFile("good", """{"Enabled": true}""");
        WriteBotFile("broken", """{"Enabled": tru""");

        await AwaitAssertAsync(async () =>
        {
            var bots = (await Router.GetBotsAsync("ASF")).Bots.ToDictionary(b => b.Name);
            Assert.Equal(BotState.Failed, bots["broken"].State);
            Assert.Contains("not valid JSON", bots["broken"].ConfigError);
            Assert.Equal(BotState.Running, bots["good"].State);
        });
        var start = await Run("start broken");
        Assert.Equal(CommandResultCode.Failure, start.Code);
        Assert.StartsWith("<broken> Bot configuration is invalid: not valid JSON", start.Text);

        // Its first usable configuration starts it, as it would have at creation.
        WriteBotFile("broken", """{"Enabled": true}""");
        await AwaitAssertAsync(async () => Assert.Equal(BotState.Running, (await Router.GetBotsAsync("broken")).Bots.Single().State));
    }

    [Theory]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"Enabled": "yes"}""", "'Enabled' must be true or false")]
    [InlineData("", "not valid JSON")]
    public async Task Unusable_configurations_say_what_is_wrong(string json, string reason)
    {
        WriteBotFile("odd", json);

        await AwaitAssertAsync(async () => Assert.Contains(reason, (await Router.GetBotsAsync("odd")).Bots.Single().ConfigError));
    }

    [Fact]
    public async Task Files_with_invalid_bot_names_are_ignored()
    {
        WriteBotFile("ASF", """{"Enabled": true}""");
        WriteBotFile(".hidden", """{"Enabled": true}""");
        WriteBotFile("marker", """{"Enabled": false}""");

        AwaitCondition(() => Router.Table.Bots.ContainsKey("marker"));
        Assert.Equal(["marker"], Router.Table.Bots.Keys);
        Assert.Equal(CommandResultCode.NotFound, (await Run("status .hidden")).Code);
    }

    [Fact]
    public async Task Saving_a_bot_writes_its_file_atomically_and_creates_the_bot()
    {
        var reply = await Router.SaveBotAsync("delta", BotConfig.Parse("""{"Enabled": true, "Note": "made over the API"}"""));

        Assert.Equal(CommandResultCode.Ok, reply.Code);
        var onDisk = BotConfig.Parse(await File.ReadAllTextAsync(Path.Combine(BotsDir, "delta.json")));
        Assert.Equal("made over the API", onDisk.Settings.GetProperty("Note").GetString());
        Assert.Empty(Directory.EnumerateFiles(BotsDir, ".*"));
        await AwaitAssertAsync(async () => Assert.Equal(BotState.Running, (await Router.GetBotsAsync("delta")).Bots.Single().State));
    }

    [Fact]
    public async Task Saving_under_an_invalid_name_is_refused_and_writes_nothing()
    {
        var reply = await Router.SaveBotAsync("../escape", BotConfig.Default);

        Assert.Equal(CommandResultCode.WrongUsage, reply.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(BotsDir));
        Assert.False(File.Exists(Path.Combine(Root, "escape.json")));
    }

    [Fact]
    public async Task Deleting_a_bot_removes_its_file_and_actor()
    {
        await Router.SaveBotAsync("echo", BotConfig.Default);

        var reply = await Router.DeleteBotAsync("echo");

        Assert.Equal(CommandResultCode.Ok, reply.Code);
        Assert.False(File.Exists(Path.Combine(BotsDir, "echo.json")));
        Assert.False(Router.Table.Bots.ContainsKey("echo"));
        Assert.Equal(CommandResultCode.NotFound, (await Router.DeleteBotAsync("echo")).Code);
    }

    [Fact]
    public async Task A_bot_deleted_and_created_again_at_once_comes_back()
    {
        for (var i = 0; i < 5; i++)
        {
            await Router.SaveBotAsync("phoenix", BotConfig.Default);
            await Router.DeleteBotAsync("phoenix");
        }
        await Router.SaveBotAsync("phoenix", BotConfig.Default);

        AwaitCondition(() => Router.Table.Bots.ContainsKey("phoenix"));
        Assert.Contains("Bot phoenix is not running.", (await Run("status phoenix")).Text);
    }

    [Fact]
    public void Bot_config_round_trips_through_json()
    {
        var config = BotConfig.Parse("""{"Enabled": true, "Nested": {"A": [1, 2]}}""");

        var again = BotConfig.Parse(config.ToJson());

        Assert.Equal(config, again);
        Assert.Equal(JsonValueKind.Array, again.Settings.GetProperty("Nested").GetProperty("A").ValueKind);
    }
}
