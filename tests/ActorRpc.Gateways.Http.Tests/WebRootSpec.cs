using System.Net;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary><c>WebRoot</c>: another front end served from a folder instead of the console, as ASF serves <c>www</c> (ASF-ui's build).</summary>
public sealed class WebRootSpec : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-webroot-").FullName;

    public WebRootSpec()
    {
        File.WriteAllText(Path.Combine(_root, "index.html"), "<!doctype html><title>front end</title>");
        Directory.CreateDirectory(Path.Combine(_root, "js"));
        File.WriteAllText(Path.Combine(_root, "js", "app.js"), "console.log('app');");
    }

    [Fact]
    public async Task Files_are_served_and_any_other_path_gets_index_html_but_the_API_keeps_its_404()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, WebRoot = _root });

        var index = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("front end", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var script = await host.Client.GetAsync("/js/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("console.log('app');", await script.Content.ReadAsStringAsync());

        // A route the front end handles in the browser (ASF-ui's history mode).
        var route = await host.Client.GetAsync("/bot/alpha/config");
        Assert.Contains("front end", await route.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Nothing outside the folder.
        var outside = await host.Client.GetAsync("/js/..%2F..%2Fetc%2Fpasswd");
        Assert.DoesNotContain("root:", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        (await host.GetAsync("/Api/NoSuchThing")).Is(HttpStatusCode.NotFound);
        (await host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK);
        // The built-in console is not served beside it: its script's path is just another route of the front end.
        Assert.Contains("front end", await (await host.Client.GetAsync("/console/app.js")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_root_that_is_no_folder_stops_the_gateway_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpGatewayOptions { WebRoot = Path.Combine(_root, "missing") }.Validate());

        Assert.StartsWith("actorrpc.ipc.web-root: no such folder", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
