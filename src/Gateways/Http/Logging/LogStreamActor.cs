using System.Net.WebSockets;
using System.Text.Json;
using Akka.Actor;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Json;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Logging;

/// <summary>
/// One <c>/Api/Log</c> WebSocket session: subscribes to the <see cref="LogHistory"/> (history first, then live
/// lines, as <see cref="LogLineWritten"/> messages) and sends each line as one text frame. Its mailbox orders the
/// frames and keeps sends one at a time, as WebSockets require. A send that fails or takes longer than the send
/// timeout (a client that stopped reading) ends the session, as does <see cref="EndLogSession"/> from the request
/// that accepted the socket (which owns it and learns the end from <c>stopped</c>). Ending unsubscribes first and
/// drains the lines already queued, so a closed session leaves no dead letters behind.
/// </summary>
internal sealed class LogStreamActor : ReceiveActor
{
    /// <summary>The client's socket; this actor is its only sender.</summary>
    private readonly WebSocket _socket;

    /// <summary>Where lines come from.</summary>
    private readonly LogHistory _history;

    /// <summary>Completed when this actor has stopped.</summary>
    private readonly TaskCompletionSource _stopped;

    /// <summary>The longest a frame may take to send.</summary>
    private readonly TimeSpan _sendTimeout;

    /// <summary>For sessions that end on a failed send.</summary>
    private readonly ILogger _log;

    /// <summary>The history subscription, while running.</summary>
    private IDisposable? _subscription;

    /// <summary>Set once the session ends: queued lines are dropped.</summary>
    private bool _ended;

    public LogStreamActor(WebSocket socket, LogHistory history, TaskCompletionSource stopped, TimeSpan sendTimeout, ILogger log)
    {
        _socket = socket;
        _history = history;
        _stopped = stopped;
        _sendTimeout = sendTimeout;
        _log = log;
        ReceiveAsync<LogLineWritten>(SendAsync);
        Receive<EndLogSession>(_ => End());
    }

    protected override void PreStart()
    {
        var self = Self;
        _subscription = _history.Subscribe(line => self.Tell(new LogLineWritten(line), ActorRefs.NoSender));
    }

    protected override void PostStop()
    {
        _subscription?.Dispose();
        _stopped.TrySetResult();
    }

    /// <summary>Unsubscribes, then stops once the lines queued so far are drained.</summary>
    private void End()
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        _subscription?.Dispose();
        Self.Tell(PoisonPill.Instance, ActorRefs.NoSender);
    }

    private async Task SendAsync(LogLineWritten written)
    {
        if (_ended)
        {
            return;
        }
        if (_socket.State != WebSocketState.Open)
        {
            End();
            return;
        }
        var frame = JsonSerializer.SerializeToUtf8Bytes(new LogFrame(written.Line), GatewayJson.Options);
        using var timeout = new CancellationTokenSource(_sendTimeout);
        try
        {
            // No ConfigureAwait(false): the rest runs on the actor's turn, where Self is readable.
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Logged at Debug only: a Warning would itself become a line for the other sessions' clients.
            _log.LogDebug("IPC log session {Session} ended: {Reason}", Self.Path.Name, ex.Message);
            End();
        }
    }
}
