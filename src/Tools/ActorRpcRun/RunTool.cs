using System.Collections;
using ActorRpc.Client;
using ActorRpc.Messages.Dfproto;

namespace ActorRpc.Tools.Run;

/// <summary>
/// What <c>actorrpc-run</c> does, callable in-process: <c>COMMAND [ARGS…]</c> runs RunCommand (id 1) and
/// streams its text; <c>--lua MODULE FUNCTION [ARGS…]</c> binds RunLua and prints the values joined by tabs.
/// Exit codes as dfhack-run's: 0 OK, 1 any other result, 2 usage/connect/handshake error, 3 RunLua bind failed.
/// </summary>
public static class RunTool
{
    /// <summary>The command or function succeeded.</summary>
    public const int ExitOk = 0;

    /// <summary>It answered with any other result (or the connection was lost during the call).</summary>
    public const int ExitFailed = 1;

    /// <summary>No arguments, bad options, <c>--lua</c> with fewer than 3 arguments, or the connection or handshake failed.</summary>
    public const int ExitUsageOrConnection = 2;

    /// <summary>RunLua could not be bound.</summary>
    public const int ExitBindFailed = 3;

    /// <summary>How long connecting and the handshake may take.</summary>
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the tool with <paramref name="args"/> and returns its exit code.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where the server's text and RunLua's values go.</param>
    /// <param name="stderr">Where usage and connection errors go.</param>
    /// <param name="environment">The environment (<c>DFHACK_PORT</c>, <c>NO_COLOR</c>).</param>
    /// <param name="currentDirectory">Where <c>dfhack-config/remote-server.json</c> is looked for.</param>
    /// <param name="stdoutIsTerminal">Whether <paramref name="stdout"/> is a terminal (colours under <c>--color auto</c>).</param>
    /// <param name="cancellationToken">Ends the call (Ctrl+C); the tool still says QUIT.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IDictionary environment,
        string currentDirectory,
        bool stdoutIsTerminal = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(currentDirectory);
        var line = ToolArguments.Parse(args, out var error);
        if (line is null)
        {
            if (args.Length > 0)
            {
                await stderr.WriteLineAsync($"actorrpc-run: {error}").ConfigureAwait(false);
            }
            await stderr.WriteAsync(ToolArguments.Usage).ConfigureAwait(false);
            return ExitUsageOrConnection;
        }
        if (line.Help)
        {
            await stdout.WriteAsync(ToolArguments.Usage).ConfigureAwait(false);
            return ExitOk;
        }
        string? warning = null;
        var port = line.Port ?? PortLookup.Resolve(environment, currentDirectory, out warning);
        if (warning is not null)
        {
            await stderr.WriteLineAsync($"actorrpc-run: {warning}").ConfigureAwait(false);
        }
        var colored = line.Color switch
        {
            ColorMode.Always => true,
            ColorMode.Never => false,
            _ => stdoutIsTerminal && string.IsNullOrEmpty(environment["NO_COLOR"] as string),
        };
        var text = new AnsiText(stdout, colored);

        var client = await ConnectAsync(line.Host, port, stderr, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return ExitUsageOrConnection;
        }
        await using (client.ConfigureAwait(false))
        {
            client.TextReceived = text.Write;
            try
            {
                return line.Lua
                    ? await RunLuaAsync(client, line.Words, stdout, stderr, cancellationToken).ConfigureAwait(false)
                    : await RunCommandAsync(client, line.Words, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteConnectionException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitFailed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await stderr.WriteLineAsync("actorrpc-run: interrupted").ConfigureAwait(false);
                return ExitFailed;
            }
            finally
            {
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Connects and shakes hands; null (after saying why on stderr) when that fails.</summary>
    private static async Task<RemoteClient?> ConnectAsync(string host, int port, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_connectTimeout);
        try
        {
            return await RemoteClient.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (RemoteConnectionException ex)
        {
            // The message starts "Could not connect to HOST:PORT", as dfhack-run's does.
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var why = cancellationToken.IsCancellationRequested ? "interrupted" : $"no answer within {s_connectTimeout.TotalSeconds:0} s";
            await stderr.WriteLineAsync($"Could not connect to {host}:{port}: {why}").ConfigureAwait(false);
        }
        return null;
    }

    private static async Task<int> RunCommandAsync(RemoteClient client, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var result = await client.RunCommandAsync(words[0], words.Skip(1), onText: null, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? ExitOk : ExitFailed;
    }

    private static async Task<int> RunLuaAsync(RemoteClient client, IReadOnlyList<string> words, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int id;
        try
        {
            id = await client.BindAsync("RunLua", CoreRunLuaRequest.Descriptor.FullName, StringListMessage.Descriptor.FullName, plugin: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteCallException ex)
        {
            // A refusal was explained by the server's text (already printed); a lost connection was not.
            if (ex is RemoteConnectionException)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            }
            return ExitBindFailed;
        }
        var request = new CoreRunLuaRequest { Module = words[0], Function = words[1] };
        request.Arguments.AddRange(words.Skip(2));
        var result = await client.CallAsync<CoreRunLuaRequest, StringListMessage>(id, request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return ExitFailed;
        }
        await stdout.WriteAsync(string.Join('\t', result.Value!.Value) + "\n").ConfigureAwait(false);
        return ExitOk;
    }
}
