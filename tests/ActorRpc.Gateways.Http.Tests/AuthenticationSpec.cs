using System.Net;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Passwords (none, query, header, wrong, stored PBKDF2 hash), bans after 5 failures, unbanning, and the loopback rule.</summary>
public sealed class AuthenticationSpec
{
    private static readonly HttpGatewayOptions s_withPassword = new() { OwnerId = 1, Password = "s3cret" };

    private static Dictionary<string, string> Header(string password) => new() { ["Authentication"] = password };

    [Fact]
    public async Task Without_a_password_loopback_clients_are_served_with_no_authentication()
    {
        await using var host = await GatewayTestHost.StartAsync();

        (await host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/Api/ASF", client: "::1")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/Api/ASF", client: "::ffff:127.0.0.1")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_password_is_accepted_as_query_parameter_or_Authentication_header()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        (await host.GetAsync("/Api/ASF?password=s3cret")).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("s3cret"))).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: new Dictionary<string, string> { ["Authorization"] = "s3cret" })).Is(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_a_password_remote_clients_are_served_too()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "198.51.100.20")).Is(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/asf")]
    [InlineData("/API/Command/status")]
    [InlineData("/Api/NoSuchThing")]
    [InlineData("/Api/Log")]
    public async Task Every_Api_URL_in_any_case_needs_the_password_even_unknown_ones(string url)
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        (await host.GetAsync(url)).Is(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/Api/ASF?password=wrong")]
    [InlineData("/Api/ASF?password=s3cre")]
    [InlineData("/Api/ASF?password=s3cret2")]
    [InlineData("/Api/ASF?password=S3CRET")]
    public async Task A_wrong_password_is_401(string url)
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        var reply = (await host.GetAsync(url)).Is(HttpStatusCode.Unauthorized);

        Assert.Equal("Wrong IPC password.", reply.Message);
    }

    [Fact]
    public async Task Wrong_password_is_401_and_the_fifth_failure_bans_the_client_for_an_hour()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);
        const string attacker = "203.0.113.9";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=guess" + attempt, client: attacker)).Is(HttpStatusCode.Unauthorized);
        }

        var banned = (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: attacker)).Is(HttpStatusCode.Forbidden);
        Assert.Contains("banned for 1 hour", banned.Message);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "203.0.113.10")).Is(HttpStatusCode.OK);
        host.Time.Advance(TimeSpan.FromMinutes(59));
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: attacker)).Is(HttpStatusCode.Forbidden);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: attacker)).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=again", client: attacker)).Is(HttpStatusCode.Unauthorized);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: attacker)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_without_a_password_do_not_count_towards_a_ban()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            (await host.SendAsync(HttpMethod.Get, "/Api/ASF", client: "203.0.113.9")).Is(HttpStatusCode.Unauthorized);
        }

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "203.0.113.9")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failures_an_hour_apart_never_add_up_to_a_ban()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        for (var attempt = 1; attempt <= 8; attempt++)
        {
            (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=typo", client: "203.0.113.9")).Is(HttpStatusCode.Unauthorized);
            host.Time.Advance(TimeSpan.FromMinutes(61));
        }

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "203.0.113.9")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bans_are_listed_and_lifted_one_by_one_or_all_at_once()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);
        foreach (var client in new[] { "203.0.113.9", "2001:db8::5" })
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=nope", client: client);
            }
        }

        var bans = (await host.GetAsync("/Api/IPC/Bans?password=s3cret")).Is(HttpStatusCode.OK);
        Assert.Equal(["2001:db8::5", "203.0.113.9"], bans.Result.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));

        var lifted = (await host.DeleteAsync("/Api/IPC/Bans/203.0.113.9?password=s3cret")).Is(HttpStatusCode.OK);
        Assert.Equal("203.0.113.9", lifted.Result.GetString());
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "203.0.113.9")).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "2001:db8::5")).Is(HttpStatusCode.Forbidden);
        Assert.Contains("is not banned", (await host.DeleteAsync("/Api/IPC/Bans/203.0.113.9?password=s3cret")).Is(HttpStatusCode.BadRequest).Message);
        Assert.Contains("is not an IP address", (await host.DeleteAsync("/Api/IPC/Bans/not-an-ip?password=s3cret")).Is(HttpStatusCode.BadRequest).Message);

        Assert.Equal(1, (await host.DeleteAsync("/Api/IPC/Bans?password=s3cret")).Is(HttpStatusCode.OK).Result.GetInt32());
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: "2001:db8::5")).Is(HttpStatusCode.OK);
        Assert.Empty((await host.GetAsync("/Api/IPC/Bans?password=s3cret")).Is(HttpStatusCode.OK).Result.EnumerateArray());
    }

    [Fact]
    public async Task A_banned_client_cannot_lift_its_own_ban()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=nope", client: "203.0.113.9");
        }

        (await host.SendAsync(HttpMethod.Delete, "/Api/IPC/Bans?password=s3cret", client: "203.0.113.9")).Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_stored_PBKDF2_hash_accepts_the_clear_password_and_not_the_hash_itself()
    {
        var stored = IpcPassword.HashPbkdf2("correct horse", iterations: 1000);
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = stored, PasswordFormat = IpcPasswordFormat.Pbkdf2 });

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("correct horse"))).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("correct horse"))).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header(stored))).Is(HttpStatusCode.Unauthorized);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("correct horse "))).Is(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_hash_made_by_ASFs_hash_Pbkdf2_command_is_taken_as_it_is()
    {
        // PBKDF2-HMAC-SHA256 of "correct horse", salt "ArchiSteamFarm", 10,000 iterations, 32 bytes, Base64: ASF's
        // 'hash Pbkdf2 correct horse' output, computed independently (Python's hashlib.pbkdf2_hmac).
        const string asfHash = "tWr1fsFet03uE4TsdXwswJFN/uSdFlcMenyqKy/ZEM0=";
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = asfHash, PasswordFormat = IpcPasswordFormat.Pbkdf2 });

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("correct horse"))).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header("correct horsE"))).Is(HttpStatusCode.Unauthorized);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: Header(asfHash))).Is(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("c2hvcnQ=")]
    [InlineData("pbkdf2$10$c2FsdHNhbHQ=")]
    public void A_Pbkdf2_password_that_is_neither_form_stops_the_gateway_with_both_forms_named(string password)
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpGatewayOptions { Password = password, PasswordFormat = IpcPasswordFormat.Pbkdf2 }.Validate());

        Assert.Contains("pbkdf2$ITERATIONS$SALT$HASH", error.Message, StringComparison.Ordinal);
        Assert.Contains("ASF's 'hash Pbkdf2 PASSWORD'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Authentication_header_wins_over_the_query()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=wrong", headers: Header("s3cret"))).Is(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", headers: Header("wrong"))).Is(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refusals_carry_ASFs_status_code_result_so_clients_tell_a_ban_from_a_wrong_password()
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);
        const string attacker = "203.0.113.9";

        AssertResult((await host.GetAsync("/Api/ASF")).Is(HttpStatusCode.Unauthorized), 401, permanent: true);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            AssertResult((await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=guess", client: attacker)).Is(HttpStatusCode.Unauthorized), 401, permanent: true);
        }
        AssertResult((await host.SendAsync(HttpMethod.Get, "/Api/ASF?password=s3cret", client: attacker)).Is(HttpStatusCode.Forbidden), 403, permanent: false);

        await using var open = await GatewayTestHost.StartAsync();
        AssertResult((await open.GetAsync("/Api/ASF", client: "198.51.100.20")).Is(HttpStatusCode.Forbidden), 403, permanent: true);

        static void AssertResult(ApiReply reply, int status, bool permanent)
        {
            Assert.False(reply.Success);
            Assert.Equal(status, reply.Result.GetProperty("StatusCode").GetInt32());
            Assert.Equal(permanent, reply.Result.GetProperty("Permanent").GetBoolean());
        }
    }

    [Theory]
    [InlineData("/HealthCheck")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger")]
    public async Task URLs_outside_Api_need_no_password(string url)
    {
        await using var host = await GatewayTestHost.StartAsync(s_withPassword);

        var response = await host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_password_a_trusted_network_counts_as_local()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, TrustedNetworks = ["172.18.0.0/16", "fd00::/8"] });

        (await host.GetAsync("/Api/ASF", client: "172.18.3.4")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/Api/ASF", client: "fd12::1")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/Api/ASF", client: "172.19.0.1")).Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AllowNonLoopbackWithoutPassword_serves_every_client()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, AllowNonLoopbackWithoutPassword = true });

        (await host.GetAsync("/Api/ASF", client: "192.0.2.7")).Is(HttpStatusCode.OK);
    }
}
