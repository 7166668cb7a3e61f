using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary><c>/Api/Bot</c>: read, create, update, delete, lifecycle, with good and bad bodies; nothing half-written.</summary>
public sealed class BotSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string FileOf(string name) => Path.Combine(_host.BotsDir, name + ".json");

    private async Task<JsonElement> Bot(string name) => (await _host.GetAsync($"/Api/Bot/{name}")).Is(HttpStatusCode.OK).Result.GetProperty(name);

    private async Task CreateAsync(string name, string config = """{"Enabled": false}""") =>
        (await _host.PostAsync($"/Api/Bot/{name}", $$"""{"BotConfig": {{config}}}""")).Is(HttpStatusCode.OK);

    [Fact]
    public async Task Posting_a_BotConfig_creates_the_bot_and_its_file_and_GET_shows_it()
    {
        var created = (await _host.PostAsync("/Api/Bot/alpha", """{"BotConfig": {"Enabled": false, "HeartbeatMessage": "hi"}}""")).Is(HttpStatusCode.OK);

        Assert.Equal("Bot created.", created.Result.GetString());
        Assert.True(File.Exists(FileOf("alpha")));
        var bot = await Bot("alpha");
        Assert.Equal("alpha", bot.GetProperty("Name").GetString());
        Assert.Equal("Stopped", bot.GetProperty("State").GetString());
        Assert.Equal("Bot alpha is not running.", bot.GetProperty("StatusText").GetString());
        Assert.False(bot.GetProperty("BotConfig").GetProperty("Enabled").GetBoolean());
        Assert.Equal("hi", bot.GetProperty("BotConfig").GetProperty("HeartbeatMessage").GetString());
        Assert.Equal(JsonValueKind.Null, bot.GetProperty("ConfigError").ValueKind);
    }

    [Fact]
    public async Task Posting_again_replaces_the_configuration()
    {
        await CreateAsync("alpha");

        var updated = (await _host.PostAsync("/Api/Bot/alpha", """{"BotConfig": {"Enabled": false, "HeartbeatMessage": "new"}}""")).Is(HttpStatusCode.OK);

        Assert.Equal("Configuration updated.", updated.Result.GetString());
        await Eventually.True(async () => (await Bot("alpha")).GetProperty("BotConfig").TryGetProperty("HeartbeatMessage", out var m) && m.GetString() == "new",
            "the new configuration to apply");
    }

    [Fact]
    public async Task Request_bodies_are_case_insensitive_down_to_Enabled()
    {
        (await _host.PostAsync("/Api/Bot/alpha", """{"botconfig": {"enabled": true}}""")).Is(HttpStatusCode.OK);

        await Eventually.True(async () => (await Bot("alpha")).GetProperty("State").GetString() == "Running", "the enabled bot to start");
        Assert.Contains("\"Enabled\": true", await File.ReadAllTextAsync(FileOf("alpha")));
    }

    [Theory]
    [InlineData("ASF", "reserved")]
    [InlineData("@ALL", "reserved")]
    [InlineData(".hidden", "must not start with '.'")]
    [InlineData("a..b", "not allowed")]
    [InlineData("a%2Fb", "not allowed")]
    [InlineData("a,b", "not allowed")]
    public async Task An_invalid_bot_name_is_400_and_writes_nothing(string name, string reason)
    {
        var reply = (await _host.PostAsync($"/Api/Bot/{name}", """{"BotConfig": {"Enabled": false}}""")).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
        Assert.Empty(Directory.GetFiles(_host.BotsDir));
    }

    [Theory]
    [InlineData("""{"BotConfig": {"Enabled": "yes"}}""", "Invalid BotConfig: 'Enabled' must be true or false, not String.")]
    [InlineData("""{"BotConfig": {"Enabled": true, "enabled": false}}""", "'Enabled' appears more than once")]
    [InlineData("""{"BotConfig": [1, 2]}""", "Property 'BotConfig' must be a JSON object, not an array.")]
    [InlineData("""{"BotConfig": "{}"}""", "Property 'BotConfig' must be a JSON object, not a string.")]
    [InlineData("""{"BotConfig": null}""", "Property 'BotConfig' is required")]
    [InlineData("""{"Config": {"Enabled": true}}""", "Property 'BotConfig' is required")]
    [InlineData("""{"BotConfig": {"Enabled": true""", "The request body is not valid JSON")]
    [InlineData("""{"BotConfig": {"A": 1, "A": 2}}""", "The request body is not valid JSON")]
    [InlineData("""42""", "The request body must be a JSON object, not a number.")]
    public async Task A_bad_BotConfig_is_400_saying_what_is_wrong_and_writes_nothing(string body, string reason)
    {
        var reply = (await _host.PostAsync("/Api/Bot/alpha", body)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
        Assert.Empty(Directory.GetFiles(_host.BotsDir));
        Assert.Empty(_host.Router.Table.Bots);
    }

    [Fact]
    public async Task A_bad_update_leaves_the_previous_file_untouched()
    {
        await CreateAsync("alpha", """{"Enabled": false, "Keep": "me"}""");
        var before = await File.ReadAllTextAsync(FileOf("alpha"));

        (await _host.PostAsync("/Api/Bot/alpha", """{"BotConfig": {"Enabled": 1}}""")).Is(HttpStatusCode.BadRequest);

        Assert.Equal(before, await File.ReadAllTextAsync(FileOf("alpha")));
    }

    [Fact]
    public async Task GET_selects_bots_with_the_ASF_grammar_as_an_object_keyed_by_name()
    {
        foreach (var name in new[] { "alpha", "bravo", "charlie" })
        {
            await CreateAsync(name);
        }

        static string Names(ApiReply reply) => string.Join(",", reply.Result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("alpha,bravo,charlie", Names((await _host.GetAsync("/Api/Bot/ASF")).Is(HttpStatusCode.OK)));
        Assert.Equal("alpha,bravo,charlie", Names((await _host.GetAsync("/Api/Bot/@ALL")).Is(HttpStatusCode.OK)));
        Assert.Equal("alpha,charlie", Names((await _host.GetAsync("/Api/Bot/charlie,alpha")).Is(HttpStatusCode.OK)));
        Assert.Equal("alpha,charlie", Names((await _host.GetAsync("/Api/Bot/charlie,%20alpha")).Is(HttpStatusCode.OK)));
        Assert.Equal("alpha,bravo", Names((await _host.GetAsync("/Api/Bot/alpha..bravo")).Is(HttpStatusCode.OK)));
        Assert.Equal("bravo,charlie", Names((await _host.GetAsync("/Api/Bot/r!^[bc]")).Is(HttpStatusCode.OK)));
        Assert.Equal("alpha", Names((await _host.GetAsync("/Api/Bot/alpha,nobody")).Is(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task GET_of_all_bots_when_there_are_none_is_an_empty_object()
    {
        var reply = (await _host.GetAsync("/Api/Bot/ASF")).Is(HttpStatusCode.OK);

        Assert.Empty(reply.Result.EnumerateObject());
    }

    [Fact]
    public async Task GET_of_only_unknown_bots_is_an_empty_object_as_in_ASF_6()
    {
        await CreateAsync("alpha");

        var reply = (await _host.GetAsync("/Api/Bot/nobody,ghost")).Is(HttpStatusCode.OK);

        Assert.True(reply.Success);
        Assert.Empty(reply.Result.EnumerateObject());
    }

    [Fact]
    public async Task A_bot_carries_ASFs_fields_so_ASF_ui_derives_its_state()
    {
        await CreateAsync("alpha");
        await CreateAsync("bravo");
        await CreateAsync("charlie");
        (await _host.PostAsync("/Api/Bot/alpha,bravo/Start")).Is(HttpStatusCode.OK);
        (await _host.PostAsync("/Api/Bot/bravo/Pause")).Is(HttpStatusCode.OK);

        var bots = (await _host.GetAsync("/Api/Bot/ASF")).Is(HttpStatusCode.OK).Result;

        // ASF-ui: disabled when not KeepRunning, offline when not connected, online when paused or not farming.
        var running = bots.GetProperty("alpha");
        Assert.Equal("alpha", running.GetProperty("BotName").GetString());
        Assert.True(running.GetProperty("KeepRunning").GetBoolean());
        Assert.True(running.GetProperty("IsConnectedAndLoggedOn").GetBoolean());
        Assert.False(running.GetProperty("CardsFarmer").GetProperty("Paused").GetBoolean());
        Assert.Empty(running.GetProperty("CardsFarmer").GetProperty("CurrentGamesFarming").EnumerateArray());
        Assert.Empty(running.GetProperty("CardsFarmer").GetProperty("GamesToFarm").EnumerateArray());
        Assert.Equal("00:00:00", running.GetProperty("CardsFarmer").GetProperty("TimeRemaining").GetString());
        Assert.Equal("0", running.GetProperty("s_SteamID").GetString());
        Assert.Equal(0, running.GetProperty("WalletCurrency").GetInt32());
        Assert.Equal(0, running.GetProperty("RequiredInput").GetInt32());
        Assert.True(bots.GetProperty("bravo").GetProperty("CardsFarmer").GetProperty("Paused").GetBoolean());
        Assert.True(bots.GetProperty("bravo").GetProperty("IsConnectedAndLoggedOn").GetBoolean());
        Assert.False(bots.GetProperty("charlie").GetProperty("KeepRunning").GetBoolean());
        Assert.False(bots.GetProperty("charlie").GetProperty("IsConnectedAndLoggedOn").GetBoolean());
        // Ours stay beside them.
        Assert.Equal("Running", running.GetProperty("State").GetString());
        Assert.Equal("Paused", bots.GetProperty("bravo").GetProperty("State").GetString());
    }

    [Fact]
    public async Task DELETE_removes_the_bots_and_their_files()
    {
        await CreateAsync("alpha");
        await CreateAsync("bravo");
        await CreateAsync("charlie");

        var reply = (await _host.DeleteAsync("/Api/Bot/alpha,bravo")).Is(HttpStatusCode.OK);

        Assert.Equal("Done!", reply.Result.GetProperty("alpha").GetString());
        Assert.Equal("Done!", reply.Result.GetProperty("bravo").GetString());
        Assert.False(File.Exists(FileOf("alpha")));
        Assert.False(File.Exists(FileOf("bravo")));
        Assert.True(File.Exists(FileOf("charlie")));
        Assert.Empty((await _host.GetAsync("/Api/Bot/alpha")).Is(HttpStatusCode.OK).Result.EnumerateObject());
    }

    [Fact]
    public async Task DELETE_of_an_unknown_bot_is_400()
    {
        var reply = (await _host.DeleteAsync("/Api/Bot/nobody")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("Couldn't find any bot named nobody!", reply.Message);
    }

    [Fact]
    public async Task Start_pause_resume_and_stop_drive_the_lifecycle_and_keep_the_commands_text_as_result()
    {
        await CreateAsync("alpha");

        Assert.Equal("<alpha> Done!", (await _host.PostAsync("/Api/Bot/alpha/Start")).Is(HttpStatusCode.OK).Result.GetString());
        Assert.Equal("Running", (await Bot("alpha")).GetProperty("State").GetString());
        Assert.Equal("<alpha> Done!", (await _host.PostAsync("/Api/Bot/alpha/Pause")).Is(HttpStatusCode.OK).Result.GetString());
        Assert.Equal("Paused", (await Bot("alpha")).GetProperty("State").GetString());
        Assert.Equal("<alpha> That bot instance is already paused!", (await _host.PostAsync("/Api/Bot/alpha/Pause")).Is(HttpStatusCode.OK, success: false).Result.GetString());
        Assert.Equal("<alpha> Done!", (await _host.PostAsync("/Api/Bot/alpha/Resume")).Is(HttpStatusCode.OK).Result.GetString());
        Assert.Equal("Running", (await Bot("alpha")).GetProperty("State").GetString());
        Assert.Equal("<alpha> Done!", (await _host.PostAsync("/Api/Bot/alpha/stop")).Is(HttpStatusCode.OK).Result.GetString());
        Assert.Equal("Stopped", (await Bot("alpha")).GetProperty("State").GetString());
    }

    [Theory]
    [InlineData("Start", true, "Done!")]
    [InlineData("Start", false, "This bot is already running!")]
    [InlineData("Stop", true, "Done!")]
    [InlineData("Stop", false, "This bot has already stopped!")]
    [InlineData("Pause", true, "Automatic farming has paused!")]
    [InlineData("Pause", false, "Automatic farming is paused already!")]
    [InlineData("Resume", true, "Automatic farming has resumed!")]
    [InlineData("Resume", false, "Automatic farming is resumed already!")]
    public async Task Lifecycle_replies_carry_ASF_6s_Success_and_Message(string verb, bool changes, string message)
    {
        await CreateAsync("alpha");
        // The state each request starts from: the one it changes when `changes`, the one it leaves as it is otherwise.
        var from = (verb, changes) switch
        {
            ("Start", true) or ("Stop", false) => null,
            ("Pause", false) or ("Resume", true) => "Pause",
            _ => (string?)"Start",
        };
        if (from is not null)
        {
            (await _host.PostAsync("/Api/Bot/alpha/Start")).Is(HttpStatusCode.OK, success: true);
            if (from == "Pause")
            {
                (await _host.PostAsync("/Api/Bot/alpha/Pause")).Is(HttpStatusCode.OK, success: true);
            }
        }

        var reply = (await _host.PostAsync($"/Api/Bot/alpha/{verb}")).Is(HttpStatusCode.OK, success: changes);

        Assert.Equal(message, reply.Message);
    }

    [Fact]
    public async Task A_lifecycle_request_for_several_bots_succeeds_only_when_each_changed_and_gives_a_message_line_each()
    {
        await CreateAsync("alpha");
        await CreateAsync("bravo");
        (await _host.PostAsync("/Api/Bot/bravo/Start")).Is(HttpStatusCode.OK, success: true);

        var reply = (await _host.PostAsync("/Api/Bot/alpha,bravo/Start")).Is(HttpStatusCode.OK, success: false);

        Assert.Equal("Done!\nThis bot is already running!", reply.Message);
        Assert.Equal("<alpha> Done!\n<bravo> That bot instance is already running!", reply.Result.GetString());
        Assert.Equal("Running", (await Bot("alpha")).GetProperty("State").GetString());
    }

    [Fact]
    public async Task Pausing_a_stopped_bot_is_refused_with_the_bots_own_reason()
    {
        await CreateAsync("alpha");

        var reply = (await _host.PostAsync("/Api/Bot/alpha/Pause")).Is(HttpStatusCode.OK, success: false);

        Assert.Equal("That bot instance is not running!", reply.Message);
        Assert.Equal("Stopped", (await Bot("alpha")).GetProperty("State").GetString());
    }

    [Fact]
    public async Task Lifecycle_of_unknown_bots_is_400()
    {
        var reply = (await _host.PostAsync("/Api/Bot/nobody/Start")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("<node1> Couldn't find any bot named nobody!", reply.Message);
    }

    [Fact]
    public async Task Pause_with_ResumeInSeconds_is_a_timed_pause()
    {
        await CreateAsync("alpha");
        await _host.PostAsync("/Api/Bot/alpha/Start");

        var reply = (await _host.PostAsync("/Api/Bot/alpha/Pause", """{"resumeInSeconds": 600}""")).Is(HttpStatusCode.OK);

        Assert.Equal("<alpha> Done! Resuming in 600 s.", reply.Result.GetString());
        var bot = await Bot("alpha");
        Assert.Equal("Paused", bot.GetProperty("State").GetString());
        Assert.Equal(JsonValueKind.String, bot.GetProperty("ResumesAt").ValueKind);
    }

    [Fact]
    public async Task Pause_with_Permanent_true_pauses_until_resumed()
    {
        await CreateAsync("alpha");
        await _host.PostAsync("/Api/Bot/alpha/Start");

        (await _host.PostAsync("/Api/Bot/alpha/Pause", """{"Permanent": true, "ResumeInSeconds": 0}""")).Is(HttpStatusCode.OK);

        var bot = await Bot("alpha");
        Assert.Equal("Paused", bot.GetProperty("State").GetString());
        Assert.Equal(JsonValueKind.Null, bot.GetProperty("ResumesAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"Permanent": true, "ResumeInSeconds": 5}""", "A permanent pause cannot resume by itself")]
    [InlineData("""{"Permanent": "yes"}""", "Property 'Permanent' must be true or false, not a string.")]
    [InlineData("""{"ResumeInSeconds": -1}""", "Property 'ResumeInSeconds' must be a whole number from 0 to 4294967295, not -1.")]
    [InlineData("""{"ResumeInSeconds": 1.5}""", "Property 'ResumeInSeconds' must be a whole number from 0 to 4294967295, not 1.5.")]
    [InlineData("""{"ResumeInSeconds": "10"}""", "Property 'ResumeInSeconds' must be a whole number")]
    [InlineData("""{"ResumeInSeconds": 10""", "The request body is not valid JSON")]
    public async Task A_bad_pause_body_is_400_and_pauses_nothing(string body, string reason)
    {
        await CreateAsync("alpha");
        await _host.PostAsync("/Api/Bot/alpha/Start");

        var reply = (await _host.PostAsync("/Api/Bot/alpha/Pause", body)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
        Assert.Equal("Running", (await Bot("alpha")).GetProperty("State").GetString());
    }

    [Fact]
    public async Task A_bot_with_a_broken_file_shows_its_error_and_no_config()
    {
        await File.WriteAllTextAsync(FileOf("broken"), "{ not json");
        await Eventually.True(() => _host.Router.Table.Bots.ContainsKey("broken"), "the broken bot to appear");

        await Eventually.True(async () => (await Bot("broken")).GetProperty("State").GetString() == "Failed", "the bot to fail");
        var bot = await Bot("broken");
        Assert.Equal(JsonValueKind.Null, bot.GetProperty("BotConfig").ValueKind);
        Assert.Contains("not valid JSON", bot.GetProperty("ConfigError").GetString());
        Assert.Contains("Bot configuration is invalid", (await _host.PostAsync("/Api/Bot/broken/Start")).Is(HttpStatusCode.OK, success: false).Message);
    }
}
