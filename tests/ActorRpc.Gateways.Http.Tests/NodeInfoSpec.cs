using System.Net;
using System.Text.Json;
using ActorRpc.Actors.Router;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary><c>/Api/ASF</c>, <c>/HealthCheck</c>, <c>/Api/Structure</c>, <c>/Api/Type</c>, and the OpenAPI document and page.</summary>
public sealed class NodeInfoSpec : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(botFiles: new Dictionary<string, string> { ["alpha"] = """{"Enabled": false}""" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ASF_describes_this_node_and_lists_it_as_the_only_member()
    {
        var node = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result;

        Assert.Equal("node1", node.GetProperty("NodeName").GetString());
        Assert.Equal(CommandRouter.Version, node.GetProperty("Version").GetString());
        Assert.True(node.GetProperty("UptimeSeconds").GetInt64() >= 0);
        Assert.True(node.GetProperty("MemoryUsage").GetInt64() > 0);
        Assert.True(node.GetProperty("WorkingSet").GetInt64() > 0);
        Assert.Equal(1, node.GetProperty("Bots").GetInt32());
        Assert.Equal(1, node.GetProperty("Plugins").GetInt32());
        Assert.True(node.GetProperty("CommandsAllowed").GetBoolean());
        var member = Assert.Single(node.GetProperty("Members").EnumerateArray());
        Assert.Equal("node1", member.GetProperty("NodeName").GetString());
        Assert.True(member.GetProperty("Self").GetBoolean());
    }

    [Fact]
    public async Task ASF_Commands_of_the_member_rises_by_one_for_each_command_run_through_any_endpoint()
    {
        async Task<long> Commands() =>
            Assert.Single((await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result.GetProperty("Members").EnumerateArray()).GetProperty("Commands").GetInt64();
        var before = await Commands();

        (await _host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);
        (await _host.PostAsync("/Api/Command", """{"Command":"status ASF"}""")).Is(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/Api/WWW/Command", """{"Command":"frobnicate"}""")).Status);

        Assert.Equal(before + 3, await Commands());
        Assert.Equal(before + 3, _host.Router.CommandsRun);
    }

    [Fact]
    public async Task HealthCheck_is_200_while_the_node_runs_and_503_once_its_actor_system_has_terminated()
    {
        var healthy = (await _host.GetAsync("/HealthCheck")).Is(HttpStatusCode.OK);
        Assert.Equal("Healthy", healthy.Result.GetProperty("Status").GetString());
        Assert.Equal("node1", healthy.Result.GetProperty("NodeName").GetString());

        await _host.System.Terminate();

        var unhealthy = (await _host.GetAsync("/HealthCheck")).Is(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", unhealthy.Result.GetProperty("Status").GetString());
    }

    [Theory]
    [InlineData("BotConfig")]
    [InlineData("botconfig")]
    [InlineData("ActorRpc.Actors.Bots.BotConfig")]
    [InlineData("ArchiSteamFarm.Steam.Storage.BotConfig")]
    public async Task Structure_of_BotConfig_is_its_default_and_Type_maps_its_fields(string name)
    {
        var structure = (await _host.GetAsync($"/Api/Structure/{name}")).Is(HttpStatusCode.OK).Result;
        var type = (await _host.GetAsync($"/Api/Type/{name}")).Is(HttpStatusCode.OK).Result.GetProperty("Body");

        Assert.Equal("""{"Enabled":false}""", structure.GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal("System.Boolean", type.GetProperty("Enabled").GetString());
    }

    [Fact]
    public async Task Type_answers_ASFs_shape_and_ASFs_GlobalConfig_is_the_nodes_settings_as_api_ASF_shows_them()
    {
        var bot = (await _host.GetAsync("/Api/Type/ArchiSteamFarm.Steam.Storage.BotConfig")).Is(HttpStatusCode.OK).Result;
        Assert.Equal("System.Object", bot.GetProperty("Properties").GetProperty("BaseType").GetString());

        var global = (await _host.GetAsync("/Api/Type/ArchiSteamFarm.Storage.GlobalConfig")).Is(HttpStatusCode.OK).Result;
        Assert.Equal("System.Object", global.GetProperty("Properties").GetProperty("BaseType").GetString());
        var body = global.GetProperty("Body");
        Assert.Equal("System.UInt64", body.GetProperty("SteamOwnerID").GetString());
        Assert.Equal("System.Byte", body.GetProperty("UpdateChannel").GetString());
        var defaults = (await _host.GetAsync("/Api/Structure/ArchiSteamFarm.Storage.GlobalConfig")).Is(HttpStatusCode.OK).Result;
        Assert.Equal("0", defaults.GetProperty("s_SteamOwnerID").GetString());
        // Every field it describes is one GET /Api/ASF carries.
        var shown = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK).Result.GetProperty("GlobalConfig");
        Assert.All(body.EnumerateObject(), field => Assert.True(shown.TryGetProperty(field.Name, out _), $"{field.Name} is not in /Api/ASF's GlobalConfig"));
        // ASF-ui's config editors open only once the wiki answers; its Configuration page describes every field they show.
        var wiki = (await _host.GetAsync("/Api/WWW/GitHub/Wiki/Page/Configuration")).Is(HttpStatusCode.OK).Result.GetString()!;
        var botFields = (await _host.GetAsync("/Api/Type/ArchiSteamFarm.Steam.Storage.BotConfig")).Is(HttpStatusCode.OK).Result.GetProperty("Body");
        Assert.All(body.EnumerateObject().Concat(botFields.EnumerateObject()),
            field => Assert.Contains($"<h3><code>{field.Name}</code></h3></div>\n<p>", wiki, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Structure_and_Type_describe_the_gateways_own_options_with_defaults_and_no_secrets()
    {
        var structure = (await _host.GetAsync("/Api/Structure/HttpGatewayOptions")).Is(HttpStatusCode.OK).Result;
        var type = (await _host.GetAsync("/Api/Type/HttpGatewayOptions")).Is(HttpStatusCode.OK).Result.GetProperty("Body");

        Assert.Equal("127.0.0.1", structure.GetProperty("Host").GetString());
        Assert.Equal(1242, structure.GetProperty("Port").GetInt32());
        Assert.Equal(512, structure.GetProperty("MaxConcurrentRequests").GetInt32());
        Assert.Equal(JsonValueKind.Null, structure.GetProperty("Password").ValueKind);
        Assert.Equal("PlainText", structure.GetProperty("PasswordFormat").GetString());
        Assert.Equal("*", Assert.Single(structure.GetProperty("CorsOrigins").EnumerateArray()).GetString());
        Assert.False(structure.TryGetProperty("Url", out _));
        Assert.Equal("System.Int32", type.GetProperty("Port").GetString());
        Assert.Equal("System.UInt64", type.GetProperty("OwnerId").GetString());
        // ASF's form of a generic type, which ASF-ui parses.
        Assert.Equal("System.Collections.Generic.IReadOnlyList`1[System.String]", type.GetProperty("TrustedNetworks").GetString());
        Assert.Equal("ActorRpc.Gateways.Http.IpcPasswordFormat", type.GetProperty("PasswordFormat").GetString());
    }

    [Fact]
    public async Task Structure_and_Type_describe_the_protobuf_messages_of_plugin_methods()
    {
        var structure = (await _host.GetAsync("/Api/Structure/dfproto.IntListMessage")).Is(HttpStatusCode.OK).Result;
        var type = (await _host.GetAsync("/Api/Type/dfproto.StringMessage")).Is(HttpStatusCode.OK).Result.GetProperty("Body");

        Assert.Equal(JsonValueKind.Array, structure.GetProperty("value").ValueKind);
        Assert.Equal("string", type.GetProperty("value").GetString());
        Assert.Equal("repeated int32", (await _host.GetAsync("/Api/Type/dfproto.IntListMessage")).Is(HttpStatusCode.OK).Result.GetProperty("Body").GetProperty("value").GetString());
    }

    [Fact]
    public async Task An_unknown_type_is_400_listing_the_known_ones()
    {
        var reply = (await _host.GetAsync("/Api/Structure/GlobalConfig")).Is(HttpStatusCode.BadRequest);

        Assert.Contains("Unknown type 'GlobalConfig'. Known types: BotConfig, HttpGatewayOptions, ArchiSteamFarm.Steam.Storage.BotConfig, ArchiSteamFarm.Storage.GlobalConfig, dfproto.", reply.Message);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/swagger/ASF/swagger.json")]
    public async Task The_OpenAPI_document_lists_every_endpoint(string url)
    {
        var response = await _host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[]
        {
            "/Api/Command/{command}", "/Api/Command", "/Api/Bot/{botNames}", "/Api/Bot/{botName}", "/Api/Bot/{botNames}/Start", "/Api/Bot/{botNames}/Pause",
            "/Api/ASF", "/Api/Structure/{type}", "/Api/Type/{type}", "/Api/Log", "/Api/Plugins", "/Api/Plugins/{plugin}/{method}", "/Api/IPC/Bans",
            "/Api/IPC/Bans/{ip}", "/HealthCheck",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"{path} is missing from the OpenAPI document");
        }
        Assert.Equal("ActorRpc IPC API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("PasswordHeader", out _));
        var run = paths.GetProperty("/Api/Command/{command}").GetProperty("get");
        Assert.True(run.GetProperty("responses").TryGetProperty("503", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Contains(schemas.EnumerateObject(), s => s.Value.TryGetProperty("properties", out var p) && p.TryGetProperty("Message", out _) && p.TryGetProperty("Success", out _));
    }

    [Fact]
    public async Task ASFs_document_path_carries_the_x_definition_ASF_ui_reads_and_needs_no_password()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret" });

        var response = await host.Client.GetAsync("/swagger/ASF/swagger.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        // ASF-ui maps a bot's WalletCurrency through this at start-up (and fails on every page without it).
        Assert.Equal(0, schemas.GetProperty("ECurrencyCode").GetProperty("x-definition").GetProperty("Invalid").GetInt32());
        // Every enum schema carries its names and numbers, as ASF's do.
        var state = schemas.GetProperty("BotState").GetProperty("x-definition");
        Assert.Equal(
            [("Stopped", 0), ("Running", 1), ("Paused", 2), ("Failed", 3)],
            state.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
    }

    [Theory]
    [InlineData("/swagger")]
    [InlineData("/swagger/index.html")]
    public async Task The_browsable_page_is_self_contained_and_reads_the_document(string url)
    {
        var response = await _host.Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("href=\"/openapi/v1.json\"", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
    }
}
