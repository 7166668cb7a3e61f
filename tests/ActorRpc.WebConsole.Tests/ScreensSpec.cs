using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActorRpc.WebConsole.Tests;

/// <summary>The screens of their own: 503 while the node has no owner (OwnerId 0), and 403 once this address is banned.</summary>
public sealed class ScreensSpec(OwnerlessNode node) : IClassFixture<OwnerlessNode>
{
    [Fact]
    public async Task A_node_without_an_owner_shows_the_503_screen_then_runs_read_only_and_five_wrong_passwords_show_the_ban()
    {
        // One test, in this order: the ban at the end shuts this node's IPC to the loopback address for an hour.
        var page = await node.NewPageAsync();
        await page.GotoAsync(node.Url.ToString());
        await HeadlessChromium.SignInAsync(page, ConsoleNode.Password);
        var screen = page.Locator("[data-screen=no-owner]");
        await Expect(screen).ToBeVisibleAsync();
        await Expect(screen).ToContainTextAsync("OwnerId is 0");
        await Screenshots.TakeAsync(page, "no-owner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue read-only" }).ClickAsync();
        await Expect(page.Locator("header.top .tag.warn")).ToHaveTextAsync("read-only");
        await Expect(page.Locator("tr[data-bot=alpha] [data-test=state]")).ToHaveTextAsync("Running");
        // A command refused with 503 for want of an owner brings the screen back.
        await page.Locator("tr[data-bot=alpha]").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(page.Locator("[data-screen=no-owner]")).ToBeVisibleAsync();

        var other = await node.NewPageAsync();
        await other.GotoAsync(node.Url.ToString());
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await HeadlessChromium.SignInAsync(other, $"wrong-{attempt}");
            await Expect(other.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The node refused that password.");
        }
        // The fifth failure banned the address: now even the right password is refused, with the ban's own screen.
        await HeadlessChromium.SignInAsync(other, ConsoleNode.Password);
        var banned = other.Locator("[data-screen=forbidden]");
        await Expect(banned).ToBeVisibleAsync();
        await Expect(banned).ToContainTextAsync("banned");
        await Screenshots.TakeAsync(other, "banned");
    }
}
