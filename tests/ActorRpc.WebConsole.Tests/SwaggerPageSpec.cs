using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ActorRpc.WebConsole.Tests;

/// <summary>The <c>/swagger</c> page works in a real browser under its CSP: it lists the operations and sends them, and nothing is refused.</summary>
public sealed partial class SwaggerPageSpec(OpenConsoleNode node) : IClassFixture<OpenConsoleNode>
{
    [Fact]
    public async Task The_swagger_page_lists_and_sends_operations_without_a_CSP_violation()
    {
        var page = await node.Chromium.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        // Runs before the page's own script, outside its CSP: it records every violation the policy reports.
        await page.AddInitScriptAsync("window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));");

        await page.GotoAsync(new Uri(node.Url, "swagger").ToString());
        // GET /Api/ASF (POST /Api/ASF, ASF's config save, is listed too).
        var asf = page.Locator("details").Filter(new() { Has = page.Locator("code").GetByText(AsfPath()) }).Filter(new() { HasText = "GET" });
        await asf.Locator("summary").ClickAsync();
        await asf.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(asf.Locator("pre")).ToContainTextAsync("200");
        await Expect(page.Locator("h2", new() { HasText = "Command" })).ToBeVisibleAsync();
        Assert.Equal("rgb(21, 101, 192)", await asf.Locator("span.verb").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.violations"));
        Assert.Empty(errors);
    }

    [GeneratedRegex("^/Api/ASF$")]
    private static partial Regex AsfPath();
}
