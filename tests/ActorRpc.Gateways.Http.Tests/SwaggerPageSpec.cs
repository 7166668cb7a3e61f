using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The <c>/swagger</c> page carries the web console's security headers and a CSP that allows its own inline script and style by hash, nothing inline else.</summary>
public sealed partial class SwaggerPageSpec : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/swagger")]
    [InlineData("/swagger/index.html")]
    public async Task The_page_has_nosniff_no_frames_no_referrer_and_a_CSP(string url)
    {
        using var response = await _host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CSP_allows_exactly_the_inline_script_and_style_the_page_has()
    {
        using var response = await _host.Client.GetAsync("/swagger");
        var page = await response.Content.ReadAsStringAsync();
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();

        var script = Assert.Single(ScriptElement().Matches(page)).Groups[1].Value;
        var style = Assert.Single(StyleElement().Matches(page)).Groups[1].Value;

        Assert.Contains($"script-src {Hash(script)};", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src {Hash(style)};", policy, StringComparison.Ordinal);
    }

    private static string Hash(string content) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
