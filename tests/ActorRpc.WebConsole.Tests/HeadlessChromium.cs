using Microsoft.Playwright;

namespace ActorRpc.WebConsole.Tests;

/// <summary>Debian's chromium, headless, driven by Playwright (its own browser download cannot work on this machine).</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    /// <summary>
    /// How long an action or an expectation waits for its condition (15 s, stretched by ACTORRPC_TEST_TIMEFACTOR as
    /// the other suites are): Playwright's 5 s default is tight for a cluster settling on a loaded 2-core machine.
    /// Passing tests never wait longer; the figure only bounds how long a failing one takes to report.
    /// </summary>
    public static float Timeout { get; } = (float)(15_000 * TimeFactor());

    private static double TimeFactor() =>
        double.TryParse(Environment.GetEnvironmentVariable("ACTORRPC_TEST_TIMEFACTOR"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1;

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: the browser tests need Debian's chromium package (./test.sh installs it: apt-get install chromium).");
        }
        Assertions.SetDefaultExpectTimeout(Timeout);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // This machine's network is closed: without these, chromium keeps trying to reach Google's services.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A fresh context (no stored password, no history) and a page in it, 1280×800.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="url"/>, signs in, and waits for the console's header.</summary>
    public static async Task OpenSignedInAsync(IPage page, Uri url, string password)
    {
        await page.GotoAsync(url.ToString());
        await SignInAsync(page, password);
        await Assertions.Expect(page.Locator("header.top")).ToBeVisibleAsync();
    }

    /// <summary>Fills the sign-in form with <paramref name="password"/> and sends it (the form must be showing, empty).</summary>
    public static async Task SignInAsync(IPage page, string password)
    {
        var field = page.GetByLabel("IPC password");
        await Assertions.Expect(field).ToHaveValueAsync(string.Empty);
        await field.FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
