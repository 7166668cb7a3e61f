using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Client.Tests;

/// <summary>
/// A scripted one-connection server over a raw socket, with its own framing code (not the client's), for
/// what the real gateway never does: wrong handshakes, refused binds, FAIL 0, oversized frames, vanishing.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    /// <summary>Listens on a free loopback port for the one client.</summary>
    private readonly TcpListener _listener;

    private FakeServer(Func<FakeConnection, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Conversation = ServeAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The script's run: await it to see its assertions fail.</summary>
    public Task Conversation { get; }

    public static FakeServer Start(Func<FakeConnection, Task> script) => new(script);

    private async Task ServeAsync(Func<FakeConnection, Task> script)
    {
        using var socket = await _listener.AcceptSocketAsync().WaitAsync(TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await script(new FakeConnection(stream));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await Conversation.WaitAsync(TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        }
        catch (Exception)
        {
            // A test that cares awaits Conversation itself.
        }
    }
}

/// <summary>The server's side of one fake conversation.</summary>
public sealed class FakeConnection(NetworkStream stream)
{
    public static readonly byte[] ServerHandshake = [.. "DFHack!\n"u8, 1, 0, 0, 0];

    public static readonly byte[] ClientHandshake = [.. "DFHack?\n"u8, 1, 0, 0, 0];

    private static CancellationToken Deadline => new CancellationTokenSource(TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10))).Token;

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Deadline);
        return buffer;
    }

    /// <summary>Reads the client's handshake (asserting it) and answers the right one.</summary>
    public async Task AcceptHandshakeAsync()
    {
        Assert.Equal(ClientHandshake, await ReadExactlyAsync(12));
        await SendRawAsync(ServerHandshake);
    }

    /// <summary>Reads one client frame: (id, size, body); QUIT has no body.</summary>
    public async Task<(short Id, int Size, byte[] Body)> ReadFrameAsync()
    {
        var header = await ReadExactlyAsync(8);
        var id = BinaryPrimitives.ReadInt16LittleEndian(header);
        var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        return id == -4 ? (id, size, []) : (id, size, await ReadExactlyAsync(size));
    }

    public Task SendRawAsync(byte[] bytes) => stream.WriteAsync(bytes, Deadline).AsTask();

    public Task SendHeaderAsync(short id, int size)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt16LittleEndian(header, id);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), size);
        return SendRawAsync(header);
    }

    public async Task SendResultAsync(IMessage message)
    {
        var body = message.ToByteArray();
        await SendHeaderAsync(-1, body.Length);
        await SendRawAsync(body);
    }

    public async Task SendTextAsync(string text, CoreTextFragment.Types.Color? color = null)
    {
        var fragment = new CoreTextFragment { Text = text };
        if (color is { } value)
        {
            fragment.Color = value;
        }
        var body = new CoreTextNotification { Fragments = { fragment } }.ToByteArray();
        await SendHeaderAsync(-3, body.Length);
        await SendRawAsync(body);
    }

    public Task SendFailAsync(int code) => SendHeaderAsync(-2, code);

    /// <summary>True once the client closed its side without sending anything more.</summary>
    public async Task<bool> ClientClosedAsync()
    {
        try
        {
            return await stream.ReadAsync(new byte[1], Deadline) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
