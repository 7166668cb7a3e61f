using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace ActorRpc.Testing.Processes;

/// <summary>
/// A private rabbitmq-server on free loopback ports, with its own epmd, Erlang cookie and data directory
/// (docs/cluster-notes.md §1). It never touches the system broker, port 5672 or port 4369.
/// </summary>
/// <remarks>Shared by the cluster tests and the cluster benchmark. Linux only: Debian's rabbitmq-server, driven with POSIX signals.</remarks>
[SupportedOSPlatform("linux")]
public sealed partial class RabbitBroker : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string Epmd = "epmd";
    private const int SigTerm = 15;
    private const int KeptOutputLines = 1000;
    private const int TailLines = 40;

    /// <summary>What the AMQP 0-9-1 listener answers with a Connection.Start frame (frame type 1).</summary>
    private static readonly byte[] s_protocolHeader = [.. "AMQP"u8, 0, 0, 9, 1];

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_readyTimeout = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(60));
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Holds the cookie, config files, data (mnesia) and logs; deleted on dispose.</summary>
    private readonly string _directory;

    /// <summary>The variables of docs/cluster-notes.md §1, the same for every start so that a restart finds its data.</summary>
    private readonly Dictionary<string, string> _environment;

    /// <summary>Our own epmd, a child process (not a daemon) that lives as long as this broker.</summary>
    private Process? _epmd;

    /// <summary>The running broker: with RUNNING_UNDER_SYSTEMD the script execs erl, so this is beam.smp itself.</summary>
    private Process? _server;

    /// <summary>The last lines the current broker process printed, for failure messages.</summary>
    private ConcurrentQueue<string> _output = new();

    private bool _disposed;

    private RabbitBroker()
    {
        // Outside the ephemeral range, so no client socket takes them while the broker restarts on them; the broker may
        // still lose one to another server between probe and bind (see StartAsync).
        Port = FreePorts.Next();
        DistributionPort = FreePorts.Next();
        EpmdPort = FreePorts.Next();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        NodeName = $"rabbit-test-{id}@localhost";
        _directory = Directory.CreateTempSubdirectory($"rmqtest-{id}-").FullName;
        var home = Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName;
        Directory.CreateDirectory(Path.Combine(_directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_directory, "log"));
        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{Port}\n");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq-env.conf"), "");
        var cookie = Path.Combine(home, ".erlang.cookie");
        File.WriteAllText(cookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        // Erlang refuses a cookie file that others can read.
        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);

        _environment = new()
        {
            ["HOME"] = home,
            ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
            // Absent on purpose: keeps /etc/rabbitmq/advanced.config out, should a machine have one.
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_directory, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["RUNNING_UNDER_SYSTEMD"] = "1",
        };
    }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The URI for <c>ConnectionFactory.Uri</c>; guest/guest is allowed because clients connect over loopback.</summary>
    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>
    /// Adds a virtual host that guest may use, and returns its URI: tests that share one broker each get their own
    /// (queues, exchanges and streams of the same names do not meet), a second or two instead of a broker's six.
    /// </summary>
    public async Task<string> AddVirtualHostAsync(string name)
    {
        await ControlAsync("add_vhost", name);
        await ControlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return $"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>
    /// Restarts the broker's RabbitMQ application in its running Erlang VM (<c>rabbitmqctl stop_app</c>, then
    /// <c>start_app</c>): every client connection is closed and its queues recovered as in a restart, in about a third of
    /// the time of <see cref="RestartAsync"/>.
    /// </summary>
    public async Task RestartApplicationAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await ControlAsync("stop_app");
        await ControlAsync("start_app");
    }

    /// <summary>
    /// Writes the broker's metadata store to disk (<c>mnesia:sync_log()</c>). A confirm makes a persistent message durable,
    /// but a queue's declaration reaches the disk only when Mnesia next flushes its log: a broker killed within that moment
    /// (SIGKILL, a power cut) comes back without the queue, and its messages with it.
    /// </summary>
    public async Task SyncMetadataAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var output = await ControlAsync("eval", "mnesia:sync_log().");
        if (output.Trim() != "ok")
        {
            throw new InvalidOperationException($"mnesia:sync_log() answered {output.Trim()}");
        }
    }

    /// <summary>The client connections' channel counts, one per connection (<c>rabbitmqctl list_connections channels</c>).</summary>
    public async Task<IReadOnlyList<int>> ChannelsPerConnectionAsync()
    {
        var output = await ControlAsync("list_connections", "--quiet", "--no-table-headers", "channels");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this broker and returns its output; fails with its output when it fails.</summary>
    private async Task<string> ControlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add(NodeName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
        }
        return await output;
    }

    /// <summary>The Erlang node name, for <c>rabbitmqctl -n</c> (run it with <see cref="CliEnvironment"/>).</summary>
    public string NodeName { get; }

    /// <summary>The Erlang distribution port the CLI tools talk to.</summary>
    public int DistributionPort { get; }

    /// <summary>The port of this broker's own epmd.</summary>
    public int EpmdPort { get; }

    /// <summary>The environment under which the CLI tools in /usr/lib/rabbitmq/bin reach this broker; with any other,
    /// they fail and create /root/.erlang.cookie and a system epmd as a side effect.</summary>
    public IReadOnlyDictionary<string, string> CliEnvironment => _environment;

    /// <summary>Starts a broker and returns once its AMQP port answers (about 6 s on two cores).</summary>
    public static async Task<RabbitBroker> StartAsync()
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException(
                $"rabbitmq-server is not installed ({ServerScript} is missing). ./test.sh installs it (Debian package rabbitmq-server).");
        }
        for (var attempt = 1; ; attempt++)
        {
            var broker = new RabbitBroker();
            try
            {
                await broker.StartEpmdAsync();
                await broker.LaunchServerAsync();
                return broker;
            }
            catch (BrokerExitedException) when (attempt == 1)
            {
                // Most likely another process took one of the ports between our probe and the bind: once more, on new ports.
                await broker.DisposeAsync();
            }
            catch
            {
                await broker.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops the broker gracefully (SIGTERM, as <c>systemctl stop</c> would); SIGKILL if it takes more than 30 s.</summary>
    public async Task StopAsync()
    {
        if (_server is not { } server)
        {
            return;
        }
        // The second HasExited: kill(2) fails with ESRCH if the broker exited in between, which is no error.
        if (!server.HasExited && SendSignal(server.Id, SigTerm) != 0 && !server.HasExited)
        {
            throw new InvalidOperationException($"kill({server.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using (var patience = new CancellationTokenSource(s_stopTimeout))
        {
            try
            {
                await server.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        server.Dispose();
        _server = null;
    }

    /// <summary>SIGKILLs the broker, as a crash would, and waits until it is gone. Its data stays for <see cref="RestartAsync"/>.</summary>
    public void Kill()
    {
        if (_server is not { } server)
        {
            return;
        }
        server.Kill(entireProcessTree: true);
        server.WaitForExit();
        server.Dispose();
        _server = null;
    }

    /// <summary>Stops the broker if it runs, then starts it again on the same data directory and ports, and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopAsync();
        await LaunchServerAsync();
    }

    /// <summary>Stops the broker, kills its epmd and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_epmd is { } epmd)
            {
                epmd.Kill();
                await epmd.WaitForExitAsync();
                epmd.Dispose();
                _epmd = null;
            }
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Starts epmd as our child and waits until it listens, so beam registers with it instead of spawning a daemon.</summary>
    private async Task StartEpmdAsync()
    {
        var info = new ProcessStartInfo(Epmd)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-port");
        info.ArgumentList.Add(EpmdPort.ToString());
        info.ArgumentList.Add("-address");
        info.ArgumentList.Add("127.0.0.1");
        var output = new ConcurrentQueue<string>();
        var epmd = Start(info, output);
        _epmd = epmd;
        var waited = Stopwatch.StartNew();
        while (!await AcceptsAsync(EpmdPort))
        {
            if (epmd.HasExited)
            {
                throw new BrokerExitedException($"epmd exited with code {epmd.ExitCode} before it listened on {EpmdPort}:{Environment.NewLine}{Tail(output)}");
            }
            if (waited.Elapsed > s_readyTimeout)
            {
                throw new TimeoutException($"epmd did not listen on {EpmdPort} within {s_readyTimeout}.");
            }
            await Task.Delay(s_poll);
        }
    }

    /// <summary>Spawns rabbitmq-server and waits until its AMQP port answers; fails early, with its output, if it exits.</summary>
    private async Task LaunchServerAsync()
    {
        var info = new ProcessStartInfo(ServerScript)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        // Isolation from the caller's environment: a NOTIFY_SOCKET would make the script talk to systemd.
        var inherited = info.Environment.Keys
            .Where(name => name.StartsWith("RABBITMQ_", StringComparison.Ordinal) || name.StartsWith("ERL_", StringComparison.Ordinal) || name == "NOTIFY_SOCKET")
            .ToList();
        foreach (var name in inherited)
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }
        _output = new ConcurrentQueue<string>();
        var server = Start(info, _output);
        _server = server;

        var waited = Stopwatch.StartNew();
        while (!await AnswersAmqpAsync(Port))
        {
            if (server.HasExited)
            {
                // Its last lines are still in the pipe: read them to the end, but not forever if a child holds it open.
                using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    try
                    {
                        await server.WaitForExitAsync(drain.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                var code = server.ExitCode;
                server.Dispose();
                _server = null;
                throw new BrokerExitedException(
                    $"rabbitmq-server ({NodeName}, AMQP port {Port}) exited with code {code} before it was ready. Its output ends with:{Environment.NewLine}{Tail(_output)}");
            }
            if (waited.Elapsed > s_readyTimeout)
            {
                throw new TimeoutException(
                    $"rabbitmq-server ({NodeName}) did not answer on AMQP port {Port} within {s_readyTimeout}. Its output ends with:{Environment.NewLine}{Tail(_output)}");
            }
            await Task.Delay(s_poll);
        }
    }

    private static Process Start(ProcessStartInfo info, ConcurrentQueue<string> output)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        // EOF on stdin, like </dev/null in the recipe.
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }

    private static string Tail(ConcurrentQueue<string> output) => string.Join(Environment.NewLine, output.TakeLast(TailLines));

    /// <summary>Whether the port answers the AMQP 0-9-1 protocol header with a frame of type 1 (Connection.Start).</summary>
    private static async Task<bool> AnswersAmqpAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(s_probeTimeout);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await socket.SendAsync(s_protocolHeader, SocketFlags.None, timeout.Token);
            var frameType = new byte[1];
            var read = await socket.ReceiveAsync(frameType, SocketFlags.None, timeout.Token);
            return read == 1 && frameType[0] == 1;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(s_probeTimeout);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>The broker (or its epmd) died while starting: the one case in which <see cref="StartAsync"/> tries again.</summary>
    private sealed class BrokerExitedException(string message) : Exception(message);
}
