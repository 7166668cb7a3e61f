namespace ActorRpc.WebConsole.Tests;

/// <summary>
/// A node process with the HTTP gateway (and so the console) on a free loopback port, a password and an owner, for
/// the fixtures of this project; more flags (a cluster, an owner of 0) come from the caller.
/// </summary>
internal sealed class ConsoleNodeProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly NodeProcess _process;

    private ConsoleNodeProcess(NodeProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The console's URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    /// <summary>What the node printed, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>Starts node <paramref name="name"/> in <paramref name="home"/> (bots in its <c>config</c>, plugins in its <c>plugins</c>) and waits until its IPC server is up.</summary>
    public static ConsoleNodeProcess Start(string name, string home, string password, string ownerId, params string[] flags)
    {
        var port = FreePorts.Next();
        var process = NodeProcess.Start(
            ["--server", "--ipc-port", port.ToString(), "--rpc-port", FreePorts.Next().ToString(), "--owner-id", ownerId,
             "--ipc-password", password, "--node-name", name,
             "--bots-dir", Path.Combine(home, "config"), "--plugins-dir", Path.Combine(home, "plugins"), .. flags],
            workingDirectory: home);
        process.WaitForLine("IPC server ready!", s_startTimeout);
        return new ConsoleNodeProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Stops the node gracefully (SIGTERM) and waits for it.</summary>
    public void Dispose()
    {
        _process.Terminate();
        _process.WaitForExit(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    /// <summary>Deletes a fixture's temporary directory; a file a process still holds open leaves it to the system.</summary>
    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Held open by a process being torn down: the system cleans its temp directory.
        }
    }
}
