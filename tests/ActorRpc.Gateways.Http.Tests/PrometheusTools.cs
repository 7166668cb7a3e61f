using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>What a finished process said.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Debian's <c>prometheus</c> package (promtool and the server). Found on PATH; if missing, installed once per test run
/// with <c>apt-get install -y prometheus</c> (after <c>apt-get update</c> if the first attempt fails): the tests run as
/// root, here and on CI. If that fails too, every test that needs it fails with one message saying what to do.
/// </summary>
public sealed class PrometheusTools
{
    private static readonly Lazy<Task<PrometheusTools>> s_tools = new(FindOrInstallAsync);

    private PrometheusTools(string promtool, string prometheus)
    {
        Promtool = promtool;
        Prometheus = prometheus;
    }

    /// <summary>The path of <c>promtool</c>.</summary>
    public string Promtool { get; }

    /// <summary>The path of the <c>prometheus</c> server.</summary>
    public string Prometheus { get; }

    /// <summary>The tools, installed on first use.</summary>
    public static Task<PrometheusTools> GetAsync() => s_tools.Value;

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/>, writes <paramref name="input"/> to its stdin (then
    /// closes it), and waits for it to exit; after <paramref name="timeout"/> it is killed and the result says so.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string? input, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ProcessResult(-1, await stdout, await stderr + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }


    private static async Task<PrometheusTools> FindOrInstallAsync()
    {
        if (Find() is { } found)
        {
            return found;
        }
        var log = new StringBuilder();
        var apt = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var limit = TestKitTimeouts.Dilated(TimeSpan.FromMinutes(10));
        // Waits for another apt or dpkg run (say, a parallel job) to release its lock rather than failing at once.
        string[] install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", "prometheus"];
        try
        {
            var first = await RunAsync("apt-get", install, null, limit, apt);
            log.Append("$ apt-get install -y --no-install-recommends prometheus\n").Append(first).Append('\n');
            if (first.ExitCode != 0 || Find() is null)
            {
                var update = await RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update"], null, limit, apt);
                log.Append("$ apt-get update\n").Append(update).Append('\n');
                var second = await RunAsync("apt-get", install, null, limit, apt);
                log.Append("$ apt-get install -y --no-install-recommends prometheus\n").Append(second).Append('\n');
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Append("apt-get could not be run: ").Append(ex.Message).Append('\n');
        }
        return Find() ?? throw new InvalidOperationException(
            "promtool and prometheus (Debian package 'prometheus') are needed by the /metrics tests and are not installed; installing " +
            "them with apt-get failed. Install the package (apt-get install -y prometheus, as root, with access to a Debian mirror) " +
            "and run the tests again. What apt-get said:\n" + log);
    }

    private static PrometheusTools? Find() =>
        Which("promtool") is { } promtool && Which("prometheus") is { } prometheus ? new PrometheusTools(promtool, prometheus) : null;

    private static string? Which(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin");
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
