using System.Net.WebSockets;
using ActorRpc.Actors.Runtime;
using Akka.Actor;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// <c>/Api/Log</c>: the live log over a WebSocket, history first, one <c>{"Result":line,"Message":"OK","Success":true}</c>
/// text frame per line. Each connection is a <see cref="LogStreamActor"/> of the node's actor system; this request
/// keeps reading the socket (to see the client close it) until the client, the session or the server ends.
/// </summary>
internal static class LogEndpoints
{
    /// <summary>How long one frame may take to send before the client counts as gone.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long closing the socket may take.</summary>
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Numbers the session actors' names.</summary>
    private static long s_sessions;

    public static void Map(IEndpointRouteBuilder api)
    {
        // ASF's name since 3.4 is /Api/NLog; /Api/Log (the starting contract's) stays as an alias.
        foreach (var (path, name, summary) in new[]
        {
            ("/NLog", "GetNLog", "WebSocket: the log history, then each new line, as {\"Result\":\"<line>\",\"Message\":\"OK\",\"Success\":true} frames; " +
                "lines are ASF's date|process-pid|LEVEL|logger|message. 400 without a WebSocket upgrade."),
            ("/Log", "GetLog", "The same WebSocket as /Api/NLog (the name of ASF's first IPC)."),
        })
        {
            api.MapGet(path, StreamAsync).WithTags("Log").WithName(name).WithSummary(summary).ProducesEnvelope<string>(400, 401, 403);
        }
        api.MapGet("/NLog/File", File)
            .WithTags("Log")
            .WithName("GetNLogFile")
            .WithSummary("The log's history as ASF's {Content: [lines, oldest first], TotalLines}: the count lines before line lastAt " +
                "(count defaults to 100; lastAt 0 or past the end means the end). The node keeps its last lines in memory, not a file.")
            .ProducesEnvelope<LogFileResponse>(400, 401, 403);
    }

    /// <summary><c>GET /Api/NLog/File?count=N&amp;lastAt=M</c>, paged as ASF pages its log file.</summary>
    private static IResult File(HttpContext context, Gateway gateway)
    {
        var count = QueryNumber(context, "count", 100);
        var lastAt = QueryNumber(context, "lastAt", 0);
        if (count <= 0)
        {
            throw new ApiException(ApiError.BadRequest, "count must be greater than 0.");
        }
        if (lastAt < 0)
        {
            throw new ApiException(ApiError.BadRequest, "lastAt must not be negative.");
        }
        var lines = gateway.History.Lines;
        if (lines.Count == 0)
        {
            throw new ApiException(ApiError.BadRequest, "The log is empty.");
        }
        var end = lastAt == 0 || lastAt > lines.Count ? lines.Count : lastAt;
        var start = Math.Max(end - count, 0);
        return ApiResults.Ok(new LogFileResponse([.. lines.Skip(start).Take(end - start)], lines.Count));
    }

    private static int QueryNumber(HttpContext context, string name, int absent)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return absent;
        }
        return int.TryParse(values.ToString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException(ApiError.BadRequest, $"{name} must be a whole number.");
    }

    private static async Task<IResult> StreamAsync(HttpContext context, Gateway gateway, IHostApplicationLifetime lifetime, ILogger<LogStreamActor> log)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiResults.Error(ApiError.BadRequest, $"{context.Request.Path} is a WebSocket endpoint: connect with a WebSocket client (ws://HOST:PORT/Api/NLog).");
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = $"ipc-log-{Interlocked.Increment(ref s_sessions)}";
        var session = gateway.System.ActorOf(ActorProps.Of(() => new LogStreamActor(socket, gateway.History, stopped, SendTimeout, log)), name);
        log.LogDebug("IPC log session {Session} opened for {Client}", name, context.Connection.RemoteIpAddress);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stoppingRegistration = lifetime.ApplicationStopping.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopping);
        try
        {
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.Open)
            {
                var receive = socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted).AsTask();
                var first = await Task.WhenAny(receive, stopped.Task, stopping.Task).ConfigureAwait(false);
                if (first != receive || (await receive.ConfigureAwait(false)).MessageType == WebSocketMessageType.Close)
                {
                    // The pending receive ends with the socket; its fault is of no interest.
                    _ = receive.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close frame.
        }
        finally
        {
            session.Tell(EndLogSession.Instance, ActorRefs.NoSender);
            await stopped.Task.WaitAsync(SendTimeout + s_closeTimeout, CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        await CloseAsync(socket, lifetime.ApplicationStopping.IsCancellationRequested).ConfigureAwait(false);
        log.LogDebug("IPC log session {Session} closed", name);
        return TypedResults.Empty;
    }

    private static async Task CloseAsync(WebSocket socket, bool serverStopping)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var timeout = new CancellationTokenSource(s_closeTimeout);
        try
        {
            await socket.CloseOutputAsync(
                serverStopping ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure,
                serverStopping ? "Server stopping" : null,
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing is a courtesy; the connection ends either way.
        }
    }
}
