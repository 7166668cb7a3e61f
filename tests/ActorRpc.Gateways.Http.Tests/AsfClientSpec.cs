using System.Net;
using System.Text;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>What ASF's clients (ASF-ui, the client libraries) call beyond commands and bots, answered as ASF 6 does or with a reason.</summary>
public sealed class AsfClientSpec : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ASF_info_carries_the_fields_ASF_ui_reads()
    {
        var node = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result;

        Assert.Equal("actorrpc", node.GetProperty("BuildVariant").GetString());
        Assert.False(node.GetProperty("CanUpdate").GetBoolean());
        Assert.False(node.GetProperty("Service").GetBoolean());
        Assert.True(node.GetProperty("MemoryUsage").GetInt64() > 0);
        var config = node.GetProperty("GlobalConfig");
        // No update channel: ASF-ui then checks no ASF releases.
        Assert.Equal(0, config.GetProperty("UpdateChannel").GetInt32());
        Assert.Equal("1", config.GetProperty("s_SteamOwnerID").GetString());
        Assert.True(config.GetProperty("Headless").GetBoolean());
    }

    [Theory]
    [InlineData("/Api/WWW/GitHub/Release")]
    [InlineData("/Api/WWW/GitHub/Release/latest")]
    public async Task The_latest_release_is_the_nodes_own_so_no_client_offers_an_ASF_update(string url)
    {
        var version = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result.GetProperty("Version").GetString();

        var release = (await _host.GetAsync(url)).Is(HttpStatusCode.OK).Result;

        Assert.Equal(version, release.GetProperty("Version").GetString());
        Assert.True(release.GetProperty("Stable").GetBoolean());
        Assert.Contains("ActorRpc", release.GetProperty("ChangelogHTML").GetString(), StringComparison.Ordinal);
        Assert.True(release.GetProperty("ReleasedAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        // By its version too; any other version is unknown, with the reason.
        Assert.Equal(version, (await _host.GetAsync($"/Api/WWW/GitHub/Release/{version}")).Is(HttpStatusCode.OK).Result.GetProperty("Version").GetString());
        Assert.Contains("No release 6.0.0.0 is known here", (await _host.GetAsync("/Api/WWW/GitHub/Release/6.0.0.0")).Is(HttpStatusCode.BadRequest).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Commands")]
    [InlineData("Commands-de-DE")]
    public async Task The_Commands_wiki_page_lists_the_nodes_commands_as_ASF_ui_parses_them(string page)
    {
        var html = (await _host.GetAsync($"/Api/WWW/GitHub/Wiki/Page/{page}")).Is(HttpStatusCode.OK).Result.GetString()!;

        // ASF-ui takes the table after the first h2 heading block and splits each row's text at new lines.
        Assert.StartsWith("<div class=\"markdown-heading\"><h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr>\n<td><code>pause &lt;Bots&gt; [Seconds]</code></td>\n<td>Owner</td>\n<td>pauses bots, for ever or for the given seconds</td>\n</tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td><code>countdown</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("(plugin sample)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_wiki_page_says_there_is_no_ASF_wiki()
    {
        Assert.Contains("no ASF wiki", (await _host.GetAsync("/Api/WWW/GitHub/Wiki/Page/Setting-up")).Is(HttpStatusCode.OK).Result.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_ASFs_global_config_is_refused_with_the_reason_and_changes_nothing()
    {
        var reply = (await _host.PostAsync("/Api/ASF", """{"GlobalConfig": {"SteamOwnerID": 5}}""")).Is(HttpStatusCode.BadRequest);

        Assert.Contains("HOCON file", reply.Message, StringComparison.Ordinal);
        Assert.Equal("1", (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result.GetProperty("GlobalConfig").GetProperty("s_SteamOwnerID").GetString());
    }

    [Fact]
    public async Task Restart_and_exit_are_the_nodes_restart_and_exit_commands()
    {
        var before = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result.GetProperty("ProcessStartTime").GetDateTimeOffset();

        var restart = (await _host.PostAsync("/Api/ASF/Restart")).Is(HttpStatusCode.OK);

        Assert.Equal((await _host.GetAsync("/Api/Command/restart")).Result.GetString(), restart.Result.GetString());
        // ASF-ui sees a restart done when ProcessStartTime changes; ours keeps the process, and the time moves on.
        var after = (await _host.GetAsync("/Api/ASF")).Result.GetProperty("ProcessStartTime").GetDateTimeOffset();
        Assert.True(after > before, $"ProcessStartTime stayed {before:O} after a restart");

        // This host runs the core without a node lifetime, so exit answers as the command does there.
        var exit = await _host.PostAsync("/Api/ASF/Exit");
        var command = await _host.PostAsync("/Api/Command", """{"Command": "exit"}""");
        Assert.Equal(command.Status, exit.Status);
        Assert.Equal(command.Message, exit.Message);
    }

    [Theory]
    [InlineData("/Api/ASF/Exit")]
    [InlineData("/Api/ASF/Restart")]
    public async Task Exit_and_restart_are_refused_while_no_owner_is_configured_as_every_command_is(string url)
    {
        await using var ownerless = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 0 });

        var reply = (await ownerless.PostAsync(url)).Is(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("Command access is prohibited", reply.Message, StringComparison.Ordinal);
        Assert.Null(ownerless.Router.RestartedAt);
    }

    [Fact]
    public async Task Storage_keeps_JSON_values_as_ASF_ui_keeps_its_settings()
    {
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await _host.GetAsync("/Api/Storage/asfui-settings")).Is(HttpStatusCode.OK).Result.ValueKind);

        (await _host.PostAsync("/Api/Storage/asfui-settings", """{"theme": "blue", "darkMode": true}""")).Is(HttpStatusCode.OK);
        var kept = (await _host.GetAsync("/Api/Storage/asfui-settings")).Is(HttpStatusCode.OK).Result;
        Assert.Equal("blue", kept.GetProperty("theme").GetString());
        Assert.True(kept.GetProperty("darkMode").GetBoolean());

        // A JSON null forgets the key, as does DELETE.
        (await _host.PostAsync("/Api/Storage/asfui-settings", "null")).Is(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await _host.GetAsync("/Api/Storage/asfui-settings")).Result.ValueKind);
        (await _host.PostAsync("/Api/Storage/other", "42")).Is(HttpStatusCode.OK);
        (await _host.DeleteAsync("/Api/Storage/other")).Is(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await _host.GetAsync("/Api/Storage/other")).Result.ValueKind);
    }

    [Fact]
    public async Task Storage_is_bounded_and_says_which_bound()
    {
        Assert.Contains("1 to 128 characters", (await _host.PostAsync($"/Api/Storage/{new string('k', 129)}", "1")).Is(HttpStatusCode.BadRequest).Message, StringComparison.Ordinal);
        (await _host.PostAsync("/Api/Storage/big", $"\"{new string('x', 70 * 1024)}\"")).Is(HttpStatusCode.RequestEntityTooLarge);
        for (var i = 0; i < 64; i++)
        {
            (await _host.PostAsync($"/Api/Storage/key{i}", "true")).Is(HttpStatusCode.OK);
        }
        Assert.Contains("64 keys already", (await _host.PostAsync("/Api/Storage/one-more", "true")).Is(HttpStatusCode.BadRequest).Message, StringComparison.Ordinal);
        (await _host.PostAsync("/Api/Storage/key0", "false")).Is(HttpStatusCode.OK);
        Assert.False((await _host.GetAsync("/Api/Storage/key0")).Result.GetBoolean());
    }

    [Theory]
    [InlineData("POST", "/Api/Bot/alpha/TwoFactorAuthentication")]
    [InlineData("GET", "/Api/Bot/alpha/TwoFactorAuthentication/Token")]
    [InlineData("GET", "/Api/Bot/alpha/GamesToRedeemInBackground")]
    [InlineData("POST", "/Api/Bot/alpha/Input")]
    [InlineData("GET", "/Api/Bot/alpha/Inventory/730/2")]
    [InlineData("POST", "/Api/Bot/alpha/Redeem")]
    [InlineData("POST", "/Api/ASF/Update")]
    [InlineData("POST", "/Api/ASF/Hash")]
    public async Task Steam_only_endpoints_answer_501_with_a_reason(string method, string url)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), url, method == "POST" ? "{}" : null)).Is(HttpStatusCode.NotImplemented);

        Assert.False(reply.Success);
        Assert.Contains("is not supported by ActorRpc", reply.Message, StringComparison.Ordinal);
    }
}
