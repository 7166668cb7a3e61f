using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ActorRpc.Messages.Dfproto;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Client;

/// <summary>
/// A connection to a DFHack-compatible remote server (an ActorRpc node's TCP gateway, or DFHack itself).
/// Calls may be pipelined: many can be in flight at once; the server answers strictly in request order, so
/// each answer (and every TEXT frame before it) belongs to the oldest call still waiting. Thread-safe.
/// Split by concern: <c>.Reading</c> (the reader task), <c>.Writing</c> (the writer task),
/// <c>.CoreMethods</c> (RunCommand, RunLua, version, suspension).
/// </summary>
public sealed partial class RemoteClient : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for QUIT to be written before it drops the connection.</summary>
    private static readonly TimeSpan s_quitTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The connection's socket.</summary>
    private readonly Socket _socket;

    /// <summary>The stream over the socket, shared by the reader and writer tasks.</summary>
    private readonly NetworkStream _stream;

    /// <summary>Guards <see cref="_pending"/>, <see cref="_failure"/>, <see cref="_methodNames"/> and <see cref="_coreIds"/>, and keeps FIFO order equal to wire order.</summary>
    private readonly Lock _gate = new();

    /// <summary>Calls sent and not yet answered, oldest first.</summary>
    private readonly Queue<PendingCall> _pending = new();

    /// <summary>Frames waiting for the writer task, in wire order.</summary>
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Names of method ids, for results and messages (core ids and those bound through this client).</summary>
    private readonly Dictionary<int, string> _methodNames = new() { [0] = "BindMethod", [1] = "RunCommand" };

    /// <summary>Binds of core methods other than 0 and 1, made once per connection and shared.</summary>
    private readonly Dictionary<string, Task<int>> _coreIds = [];

    /// <summary>Cancelled when the connection is dropped: stops the reader and writer tasks.</summary>
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Why the connection is no longer usable (lost or disposed); null while it is.</summary>
    private RemoteConnectionException? _failure;

    /// <summary>The reader task.</summary>
    private Task _reading = Task.CompletedTask;

    /// <summary>The writer task.</summary>
    private Task _writing = Task.CompletedTask;

    /// <summary>Set once <see cref="DisposeAsync"/> started.</summary>
    private bool _disposed;

    private RemoteClient(Socket socket, NetworkStream stream, string endpoint)
    {
        _socket = socket;
        _stream = stream;
        Endpoint = endpoint;
    }

    /// <summary>The server as <c>host:port</c>, as given to <see cref="ConnectAsync"/>.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Receives the text of calls made without a text callback of their own (and any text that belongs to
    /// no call): each fragment with its colour, in order, on the reader task, before the call's result.
    /// </summary>
    public Action<string, TextColor>? TextReceived { get; set; }

    /// <summary>True until the connection is lost or the client disposed.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _failure is null;
            }
        }
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> (<c>localhost</c> means IPv4 127.0.0.1, as
    /// DFHack's clients do) and completes the handshake: sends <c>DFHack?\n</c> and version 1, expects
    /// <c>DFHack!\n</c> and version 1.
    /// </summary>
    /// <exception cref="RemoteConnectionException">The connection failed or the server's handshake was wrong.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RemoteClient> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var endpoint = $"{host}:{port}";
        var socket = await OpenSocketAsync(host, port, endpoint, cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            await ShakeHandsAsync(stream, endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var client = new RemoteClient(socket, stream, endpoint);
        client.Start();
        return client;
    }

    /// <summary>
    /// Binds <paramref name="method"/> of <paramref name="plugin"/> (null or empty: a core method) with the
    /// exact full names of its input and output messages; returns the id to call it by on this connection.
    /// </summary>
    /// <exception cref="RemoteCallException">The server refused (no such plugin or method, wrong signature); <see cref="RemoteCallException.Text"/> says why.</exception>
    public async Task<int> BindAsync(string method, string inputType, string outputType, string? plugin = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(inputType);
        ArgumentException.ThrowIfNullOrEmpty(outputType);
        var request = new CoreBindRequest { Method = method, InputMsg = inputType, OutputMsg = outputType };
        if (!string.IsNullOrEmpty(plugin))
        {
            request.Plugin = plugin;
        }
        var name = string.IsNullOrEmpty(plugin) ? method : $"{plugin}::{method}";
        var result = await CallAsync<CoreBindRequest, CoreBindReply>(0, request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new RemoteCallException(result.Method, result.Code, result.Text,
                $"Could not bind {name}: {RemoteCallException.DescribeFailure(result.Method, result.Code, result.Text)}", null);
        }
        var id = result.Value!.AssignedId;
        lock (_gate)
        {
            _methodNames[id] = name;
        }
        return id;
    }

    /// <summary>Binds <paramref name="method"/> with the full names of <typeparamref name="TIn"/> and <typeparamref name="TOut"/>.</summary>
    /// <exception cref="RemoteCallException">The server refused the bind.</exception>
    public Task<int> BindAsync<TIn, TOut>(string method, string? plugin = null, CancellationToken cancellationToken = default)
        where TIn : IMessage<TIn>, new()
        where TOut : IMessage<TOut>, new() =>
        BindAsync(method, new TIn().Descriptor.FullName, new TOut().Descriptor.FullName, plugin, cancellationToken);

    /// <summary>
    /// Calls method <paramref name="id"/> with <paramref name="input"/>; does not wait for earlier calls.
    /// The result carries the code, the output when OK, and the text printed; the text also goes to
    /// <see cref="TextReceived"/> as it arrives.
    /// </summary>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled (the call still runs; its answer is skipped).</exception>
    public Task<RemoteResult<TOut>> CallAsync<TIn, TOut>(int id, TIn input, CancellationToken cancellationToken = default)
        where TIn : IMessage<TIn>
        where TOut : class, IMessage<TOut>, new() =>
        CallAsync<TIn, TOut>(id, input, onText: null, cancellationToken);

    /// <summary>
    /// As <see cref="CallAsync{TIn,TOut}(int,TIn,CancellationToken)"/>, with the call's text going to
    /// <paramref name="onText"/> (instead of <see cref="TextReceived"/>) as it arrives, before the result.
    /// </summary>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled (the call still runs; its answer is skipped).</exception>
    public Task<RemoteResult<TOut>> CallAsync<TIn, TOut>(int id, TIn input, Action<string, TextColor>? onText, CancellationToken cancellationToken = default)
        where TIn : IMessage<TIn>
        where TOut : class, IMessage<TOut>, new()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, short.MaxValue);
        ArgumentNullException.ThrowIfNull(input);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RemoteResult<TOut>>(cancellationToken);
        }
        var size = input.CalculateSize();
        if (size > WireFrames.MaxMessageSize)
        {
            throw new ArgumentException($"The input is {size} bytes; the protocol allows at most {WireFrames.MaxMessageSize}.", nameof(input));
        }
        var frame = WireFormat.Frame((short)id, input, size);
        PendingCall<TOut> call;
        lock (_gate)
        {
            call = new PendingCall<TOut>(NameOf(id), onText ?? TextReceived);
            if (_failure is { } failure)
            {
                return Task.FromException<RemoteResult<TOut>>(new RemoteConnectionException(call.Method, string.Empty, failure.Message, failure.InnerException));
            }
            call.RegisterCancellation(cancellationToken);
            // Enqueued and written under one lock: the FIFO's order is the wire's order.
            _pending.Enqueue(call);
            _outgoing.Writer.TryWrite(frame);
        }
        return call.Task;
    }

    /// <summary>Calls method <paramref name="id"/> and returns its output, or throws when it fails.</summary>
    /// <exception cref="RemoteCallException">The server answered FAIL; <see cref="RemoteCallException.Code"/> and <see cref="RemoteCallException.Text"/> say how and why.</exception>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    public async Task<TOut> CallOrThrowAsync<TIn, TOut>(int id, TIn input, Action<string, TextColor>? onText = null, CancellationToken cancellationToken = default)
        where TIn : IMessage<TIn>
        where TOut : class, IMessage<TOut>, new()
    {
        var result = await CallAsync<TIn, TOut>(id, input, onText, cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess();
    }

    /// <summary>
    /// Sends QUIT (so the server ends the session at once) and closes the connection. Calls still waiting
    /// fail with a <see cref="RemoteConnectionException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<PendingCall> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _failure ??= new RemoteConnectionException($"The client of {Endpoint} was disposed.");
            abandoned = DrainPending();
            _outgoing.Writer.TryWrite(WireFormat.QuitFrame());
            _outgoing.Writer.TryComplete();
        }
        AbortAll(abandoned, _failure);
        if (await FinishedWithinAsync(_writing).ConfigureAwait(false))
        {
            try
            {
                // FIN after QUIT; the server closes in turn, and the reader sees the end of the stream.
                _socket.Shutdown(SocketShutdown.Send);
                await FinishedWithinAsync(_reading).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed by the peer.
            }
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_reading, _writing).ConfigureAwait(false);
        _closing.Dispose();
    }

    /// <summary>Waits up to <see cref="s_quitTimeout"/> for <paramref name="task"/> (which never faults).</summary>
    private static async Task<bool> FinishedWithinAsync(Task task)
    {
        try
        {
            await task.WaitAsync(s_quitTimeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Starts the reader and writer tasks.</summary>
    private void Start()
    {
        _reading = Task.Run(ReadLoopAsync);
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>The name of method <paramref name="id"/>; called under <see cref="_gate"/>.</summary>
    private string NameOf(int id) => _methodNames.TryGetValue(id, out var name) ? name : $"method #{id}";

    /// <summary>Takes every pending call out of the FIFO; called under <see cref="_gate"/>.</summary>
    private List<PendingCall> DrainPending()
    {
        var calls = new List<PendingCall>(_pending);
        _pending.Clear();
        return calls;
    }

    /// <summary>Ends the connection for good: records why, fails every pending call, stops the writer.</summary>
    private void Drop(string reason, Exception? cause)
    {
        List<PendingCall> abandoned;
        RemoteConnectionException failure;
        lock (_gate)
        {
            failure = _failure ??= new RemoteConnectionException($"The connection to {Endpoint} was lost: {reason}", cause);
            abandoned = DrainPending();
            _outgoing.Writer.TryComplete();
        }
        AbortAll(abandoned, failure);
        _closing.Cancel();
        try
        {
            // Tell the server at once rather than when the client is disposed.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private static void AbortAll(List<PendingCall> calls, RemoteConnectionException failure)
    {
        foreach (var call in calls)
        {
            call.Abort(new RemoteConnectionException(call.Method, call.Text, $"{call.Method}: {failure.Message}", failure.InnerException));
        }
    }

    private static async Task<Socket> OpenSocketAsync(string host, int port, string endpoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            addresses = [IPAddress.Loopback];
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            addresses = [address];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new RemoteConnectionException($"Could not connect to {endpoint}: {ex.Message}", ex);
            }
            // IPv4 first, as DFHack's clients connect over IPv4.
            addresses = [.. addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new RemoteConnectionException($"Could not connect to {endpoint}: {last?.Message ?? "no address"}", last);
    }

    private static async Task ShakeHandsAsync(NetworkStream stream, string endpoint, CancellationToken cancellationToken)
    {
        var answer = new byte[WireFrames.HandshakeLength];
        int received;
        try
        {
            await stream.WriteAsync(WireFormat.Handshake(), cancellationToken).ConfigureAwait(false);
            received = await stream.ReadAtLeastAsync(answer, answer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new RemoteConnectionException($"Could not connect to {endpoint}: the handshake failed: {ex.Message}", ex);
        }
        if (received < answer.Length)
        {
            throw new RemoteConnectionException(
                $"Could not connect to {endpoint}: the server closed the connection during the handshake ({received} of {answer.Length} bytes received).");
        }
        if (!answer.AsSpan(0, 8).SequenceEqual(WireFrames.ResponseMagic))
        {
            throw new RemoteConnectionException(
                $"Could not connect to {endpoint}: not a DFHack remote server (handshake answer {Convert.ToHexString(answer)}, expected 'DFHack!\\n' and version 1).");
        }
        var version = BinaryPrimitives.ReadInt32LittleEndian(answer.AsSpan(8));
        if (version != WireFrames.Version)
        {
            throw new RemoteConnectionException($"Could not connect to {endpoint}: the server speaks protocol version {version}; this client speaks {WireFrames.Version}.");
        }
    }
}
