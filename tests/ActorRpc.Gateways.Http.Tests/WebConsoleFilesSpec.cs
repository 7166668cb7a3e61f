using System.Net;
using System.Net.Http.Headers;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The web console's files: served at / and /console/*, public, cached by ETag, under a strict CSP.</summary>
public sealed class WebConsoleFilesSpec : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_page_is_served_at_the_root_without_the_password_and_loads_only_its_own_files()
    {
        using var response = await _host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("""<script type="module" src="console/app.js"></script>""", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        // The API behind it still needs the password.
        (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/console/app.js", "text/javascript", "handleScreenFailures")]
    [InlineData("/console/api.js", "text/javascript", "/Api/WWW/Command")]
    [InlineData("/console/console.css", "text/css", ".terminal")]
    [InlineData("/console/favicon.svg", "image/svg+xml", "<svg")]
    public async Task Each_compiled_module_and_asset_has_its_content_type(string url, string mediaType, string content)
    {
        using var response = await _host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_fetch_with_the_ETag_is_304_without_a_body()
    {
        using var first = await _host.Client.GetAsync("/console/app.js");
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        using var other = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var third = await _host.Client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData("/console/nothing.js")]
    [InlineData("/console/../HealthCheck.js")]
    [InlineData("/console/")]
    public async Task An_unknown_file_is_404(string url)
    {
        using var response = await _host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_the_console_turned_off_the_root_is_404()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, WebConsole = false });
        using var page = await host.Client.GetAsync("/");
        using var module = await host.Client.GetAsync("/console/app.js");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, module.StatusCode);
    }
}
