using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using ActorRpc.Testing.Processes;

namespace ActorRpc.Node.Tests;

/// <summary>
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> on a node process sends its metrics, traces and log to an OTLP/HTTP receiver on
/// loopback (this test's own, which keeps what it is sent). The protobuf bodies are searched for what they must carry:
/// strings in protobuf are their UTF-8 bytes, a trace id its 16 raw bytes.
/// </summary>
public sealed class NodeOtlpSpec : NodeSpec
{
    [Fact]
    public async Task With_an_OTLP_endpoint_the_node_exports_its_metrics_and_the_trace_of_a_request_to_it()
    {
        using var receiver = OtlpReceiver.Start();
        var ipcPort = FreePorts.Next();
        var rpcPort = FreePorts.Next();
        using var node = NodeProcess.Start(
            ["--server", "--ipc-port", ipcPort.ToString(), "--rpc-port", rpcPort.ToString(), "--owner-id", "1", "--bots-dir", _bots],
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_SERVICE_NAME"] = null,
            });
        node.WaitForLine("IPC server ready!", s_startup);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ipcPort}") };
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Api/Command/version");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        await using (var client = await ActorRpc.Client.RemoteClient.ConnectAsync("127.0.0.1", rpcPort))
        {
            Assert.True((await client.RunCommandAsync("version")).IsSuccess);
        }

        var traceBytes = new byte[16];
        traceId.CopyTo(traceBytes);
        // The HTTP request's span (ASP.NET Core's source) under the client's trace id; the TCP call's from the ActorRpc source.
        await receiver.WaitForAsync("/v1/traces", body => Contains(body, traceBytes), s_startup);
        await receiver.WaitForAsync("/v1/traces", body => Contains(body, "ActorRpc"u8), s_startup);
        var metrics = await receiver.WaitForAsync("/v1/metrics", body => Contains(body, "actorrpc.commands"u8) && Contains(body, "actorrpc.command.duration"u8), s_startup);
        // The resource: the service is actorrpc unless OTEL_SERVICE_NAME says otherwise.
        Assert.True(Contains(metrics.Body, "service.name"u8) && Contains(metrics.Body, "actorrpc"u8), "The metrics carry no service.name actorrpc.");
        Assert.True(Contains(metrics.Body, "dotnet.gc.collections"u8), "The runtime's meter is not exported.");
        Assert.Equal("application/x-protobuf", metrics.ContentType);
        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    private static bool Contains(byte[] body, ReadOnlySpan<byte> part) => body.AsSpan().IndexOf(part) >= 0;

    /// <summary>An OTLP/HTTP receiver on 127.0.0.1: answers every POST 200 with an empty (valid) protobuf response and keeps the request.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        private readonly ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> _received = new();

        private readonly SemaphoreSlim _arrived = new(0);

        private OtlpReceiver(int port)
        {
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
        }

        public string Endpoint { get; }

        public static OtlpReceiver Start()
        {
            var receiver = new OtlpReceiver(FreePorts.Next());
            receiver._listener.Start();
            _ = receiver.ServeAsync();
            return receiver;
        }

        /// <summary>Waits for a request to <paramref name="path"/> whose body satisfies <paramref name="match"/>; fails after <paramref name="limit"/>.</summary>
        public async Task<(string? ContentType, byte[] Body)> WaitForAsync(string path, Func<byte[], bool> match, TimeSpan limit)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                foreach (var (received, contentType, body) in _received)
                {
                    if (received == path && match(body))
                    {
                        return (contentType, body);
                    }
                }
                var left = limit - deadline.Elapsed;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                {
                    throw new Xunit.Sdk.XunitException(
                        $"No request to {path} with what was expected within {limit.TotalSeconds:0} s; received: {string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} B)"))}");
                }
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _arrived.Dispose();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
                context.Response.Close();
                _arrived.Release();
            }
        }
    }
}
