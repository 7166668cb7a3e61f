using System.Net;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>CORS (only with a password): any origin by default, configured origins, and preflights answered before authentication.</summary>
public sealed class CorsSpec
{
    private const string Password = "s3cret";

    private static HttpGatewayOptions WithPassword(IReadOnlyList<string>? origins = null) =>
        new() { OwnerId = 1, Password = Password, CorsOrigins = origins ?? ["*"] };

    private static Dictionary<string, string> From(string origin) => new() { ["Origin"] = origin, ["Authentication"] = Password };

    private static Dictionary<string, string> Preflight(string origin, string method, string headers = "authentication, content-type") => new()
    {
        ["Origin"] = origin,
        ["Access-Control-Request-Method"] = method,
        ["Access-Control-Request-Headers"] = headers,
    };

    [Fact]
    public async Task A_simple_request_from_any_origin_gets_Access_Control_Allow_Origin_star()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var reply = (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: From("https://tools.example"))).Is(HttpStatusCode.OK);

        Assert.Equal("*", reply.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_request_without_Origin_gets_no_CORS_headers()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var reply = (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: new Dictionary<string, string> { ["Authentication"] = Password })).Is(HttpStatusCode.OK);

        Assert.Null(reply.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_is_answered_without_the_password_with_the_paths_methods_and_the_Authentication_header()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var response = await Send(host, HttpMethod.Options, "/Api/Bot/alpha", Preflight("https://tools.example", "DELETE"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("DELETE,GET,POST,OPTIONS", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("Authentication,Content-Type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Theory]
    [InlineData("/Api/Command", "POST,OPTIONS")]
    [InlineData("/Api/Command/status%20ASF", "GET,POST,OPTIONS")]
    [InlineData("/Api/Bot/alpha/Pause", "POST,OPTIONS")]
    [InlineData("/Api/IPC/Bans", "DELETE,GET,OPTIONS")]
    [InlineData("/Api/Plugins/sample/echo", "POST,OPTIONS")]
    public async Task A_preflight_lists_exactly_the_methods_of_its_path(string path, string methods)
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var response = await Send(host, HttpMethod.Options, path, Preflight("https://tools.example", "POST"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(methods, Header(response, "Access-Control-Allow-Methods"));
    }

    // A preflight is always answered 204; the browser compares what it asked for with what the answer lists and sends
    // the request only if it is listed. So "grants nothing" is: the method or header asked for is not in the answer.

    [Fact]
    public async Task A_preflight_for_an_unknown_URL_grants_no_method()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var response = await Send(host, HttpMethod.Options, "/Api/Nothing", Preflight("https://tools.example", "GET"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("DELETE", "authentication", "Access-Control-Allow-Methods", "POST,OPTIONS")]
    [InlineData("POST", "authentication, x-other", "Access-Control-Allow-Headers", "Authentication,Content-Type")]
    public async Task A_preflight_asking_for_a_method_or_header_the_path_does_not_allow_lists_only_what_it_allows(
        string method, string headers, string answer, string allowed)
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var response = await Send(host, HttpMethod.Options, "/Api/Command", Preflight("https://tools.example", method, headers));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allowed, Header(response, answer));
    }

    [Fact]
    public async Task Configured_origins_are_echoed_with_Vary_and_others_get_no_CORS_headers()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword(["https://ui.example"]));

        var allowed = (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: From("https://ui.example"))).Is(HttpStatusCode.OK);
        var other = (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: From("https://evil.example"))).Is(HttpStatusCode.OK);
        var otherPreflight = await Send(host, HttpMethod.Options, "/Api/ASF", Preflight("https://evil.example", "GET"));

        Assert.Equal("https://ui.example", allowed.Header("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", allowed.Header("Vary"));
        Assert.Null(other.Header("Access-Control-Allow-Origin"));
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Error_responses_carry_the_CORS_headers_so_browser_tools_can_read_them()
    {
        await using var host = await GatewayTestHost.StartAsync(WithPassword());

        var reply = (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: new Dictionary<string, string> { ["Origin"] = "https://tools.example" })).Is(HttpStatusCode.Unauthorized);

        Assert.Equal("*", reply.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_plain_OPTIONS_request_that_is_no_preflight_is_405()
    {
        await using var host = await GatewayTestHost.StartAsync();

        (await host.SendAsync(HttpMethod.Options, "/Api/ASF")).Is(HttpStatusCode.MethodNotAllowed);
    }

    private static async Task<HttpResponseMessage> Send(GatewayTestHost host, HttpMethod method, string url, Dictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await host.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
