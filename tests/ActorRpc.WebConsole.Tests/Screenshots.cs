using Microsoft.Playwright;

namespace ActorRpc.WebConsole.Tests;

/// <summary>
/// Screenshots of the console's pages: always into the test output (to look at when a test fails), and into
/// <c>$ACTORRPC_SCREENSHOTS</c> when it is set (how the README's pictures in docs/screenshots are refreshed).
/// </summary>
internal static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var directories = new List<string> { Path.Combine(AppContext.BaseDirectory, "screenshots") };
        if (Environment.GetEnvironmentVariable("ACTORRPC_SCREENSHOTS") is { Length: > 0 } wanted)
        {
            directories.Add(Path.GetFullPath(wanted));
        }
        var image = await page.ScreenshotAsync();
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, name + ".png"), image);
        }
    }
}
