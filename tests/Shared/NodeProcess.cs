using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorRpc.Testing.Processes;

/// <summary>A node started as a real process (<c>dotnet ActorRpc.Node.dll …</c>), with its output captured line by line.</summary>
/// <remarks>Shared by the test projects as a linked file; each of them must copy ActorRpc.Node.dll to its output and allow unsafe blocks (for the LibraryImport of kill(2)).</remarks>
internal sealed partial class NodeProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>The node: <c>dotnet</c> hosts it in-process, so this process id is the node's.</summary>
    private readonly Process _process;

    /// <summary>Lines not yet consumed by <see cref="WaitForLine"/>; completed when both output streams have ended.</summary>
    private readonly BlockingCollection<string> _lines = [];

    /// <summary>Every line printed, for failure messages.</summary>
    private readonly ConcurrentQueue<string> _all = new();

    /// <summary>How many of stdout and stderr are still open.</summary>
    private int _openStreams = 2;

    private NodeProcess(Process process) => _process = process;

    public static NodeProcess Start(params string[] arguments) => Start(arguments, environment: null);

    /// <summary>Starts a node; <paramref name="environment"/> adds variables to the inherited ones (a null value removes one).</summary>
    public static NodeProcess Start(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var node = Path.Combine(AppContext.BaseDirectory, "ActorRpc.Node.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }
        info.ArgumentList.Add(node);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var started = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => started.Add(e.Data);
        process.ErrorDataReceived += (_, e) => started.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _all);

    private void Add(string? line)
    {
        if (line is null)
        {
            // The end of one stream; after both, WaitForLine stops waiting for a line that can no longer come.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _lines.CompleteAdding();
            }
            return;
        }
        _all.Enqueue(line);
        _lines.Add(line);
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>; fails with everything printed so far.</summary>
    public string WaitForLine(string text, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(cancellation.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No line containing '{text}' within {timeout}. Output:{Environment.NewLine}{Output}");
        }
        throw new Xunit.Sdk.XunitException($"The node closed its output without a line containing '{text}'. Output:{Environment.NewLine}{Output}");
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>docker stop</c> would.</summary>
    public void Terminate() => Signal(SigTerm, "SIGTERM");

    /// <summary>Freezes the node with SIGSTOP, as a long GC pause, a VM migration or a paused container would.</summary>
    public void Freeze() => Signal(SigStop, "SIGSTOP");

    /// <summary>Lets a frozen node run again (SIGCONT).</summary>
    public void Thaw() => Signal(SigCont, "SIGCONT");

    private void Signal(int signal, string name)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILLs the node and its children, as a crash would, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the node to exit and returns its exit code; fails with its output on a timeout.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new Xunit.Sdk.XunitException($"The node did not exit within {timeout}. Output:{Environment.NewLine}{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        // Until the output has been read to its end, a late line would be added to a disposed collection.
        _process.WaitForExit();
        _process.Dispose();
        _lines.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
