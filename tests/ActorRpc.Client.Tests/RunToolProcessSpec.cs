using System.Diagnostics;
using System.Globalization;

namespace ActorRpc.Client.Tests;

/// <summary>The built actorrpc-run executable, as a real process, against the in-process gateway.</summary>
public sealed class RunToolProcessSpec : ClientTestKit
{
    [Fact]
    public async Task The_built_actorrpc_run_runs_status_prints_its_text_and_exits_0()
    {
        // The ProjectReference copies actorrpc-run.dll with its runtimeconfig next to the tests.
        var tool = Path.Combine(AppContext.BaseDirectory, "actorrpc-run.dll");
        Assert.True(File.Exists(tool), $"{tool} was not built");
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { tool, "status" },
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DFHACK_PORT"] = Gateway.Port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(Dilated(TimeSpan.FromSeconds(60)));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await stderr}");
        Assert.Equal("<node1> There are 0/0 bots running\n", await stdout);
        Assert.Equal("", await stderr);
        await AwaitConnectionCountAsync(0);
    }
}
