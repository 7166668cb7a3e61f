using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Gateways.Http.Metrics;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// <see cref="HttpGatewayOptions.MaxConcurrentRequests"/>: past it a request is refused at once with 503, <c>Retry-After</c>
/// and the usual body; <c>/HealthCheck</c> and the <c>/Api/Log</c> WebSocket are not limited. Requests are held open with
/// <see cref="HoldPlugin"/> and counted with the gateway's own <c>RequestLimit</c> (the rate limiter's count), so these tests need no metrics and
/// run in parallel with others.
/// </summary>
public sealed class OverloadSpec(ITestOutputHelper output)
{
    private static readonly HttpGatewayOptions s_twoAtOnce = new() { OwnerId = 1, MaxConcurrentRequests = 2 };

    /// <summary>Asserts the refusal: 503, <c>Retry-After: 1</c>, and the envelope with the overload message and no result.</summary>
    internal static ApiReply IsOverloaded(ApiReply reply)
    {
        reply.Is(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", reply.Header("Retry-After"));
        Assert.StartsWith("The IPC server is overloaded: ", reply.Message);
        Assert.EndsWith("try again later.", reply.Message);
        Assert.Equal(JsonValueKind.Null, reply.Result.ValueKind);
        Assert.Equal(["Message", "Result", "Success"], reply.Json.EnumerateObject().Select(p => p.Name));
        return reply;
    }

    [Fact]
    public async Task Past_the_limit_a_request_gets_503_with_Retry_After_at_once_HealthCheck_still_answers_and_then_requests_succeed_again()
    {
        var hold = new HoldPlugin();
        await using var host = await GatewayTestHost.StartAsync(s_twoAtOnce, output, plugins: [hold]);
        Task<ApiReply>[] held = [host.PostAsync(HoldPlugin.Url), host.PostAsync(HoldPlugin.Url)];
        await Eventually.True(() => hold.Entered == 2, "both held requests to reach the plugin");
        Assert.Equal(2, host.Limit.InFlight);

        var refused = IsOverloaded(await host.PostAsync("/Api/Command", """{"Command": "version"}"""));
        Assert.Equal(
            """{"Message":"The IPC server is overloaded: 2 requests are in progress (MaxConcurrentRequests); try again later.","Result":null,"Success":false}""",
            refused.Body);
        IsOverloaded(await host.GetAsync("/Api/Command/version"));
        IsOverloaded(await host.GetAsync("/Api/ASF"));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/metrics")).Status);
        var browser = IsOverloaded(await host.SendAsync(HttpMethod.Get, "/Api/Command/version", headers: new Dictionary<string, string> { ["Origin"] = "http://tool.example" }));
        // No password, so no CORS even on a refusal (with one, the CORS middleware adds them before this limit answers).
        Assert.Null(browser.Header("Access-Control-Allow-Origin"));
        (await host.GetAsync("/HealthCheck")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/healthcheck")).Is(HttpStatusCode.OK);
        Assert.Equal(2, host.Limit.InFlight);
        Assert.All(held, request => Assert.False(request.IsCompleted, "A held request finished before it was released."));

        hold.Release();
        foreach (var reply in await Task.WhenAll(held))
        {
            reply.Is(HttpStatusCode.OK);
        }
        await Eventually.True(() => host.Limit.InFlight == 0, "the held requests to give back their slots");
        (await host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);
        var again = await Task.WhenAll(host.GetAsync("/Api/Command/version"), host.PostAsync("/Api/Command", """{"Command": "version"}"""));
        Assert.All(again, reply => reply.Is(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_request_that_fails_throws_or_is_abandoned_gives_back_its_slot()
    {
        var hold = new HoldPlugin();
        await using var host = await GatewayTestHost.StartAsync(s_twoAtOnce with { MaxConcurrentRequests = 1 }, output, plugins: [hold]);

        (await host.PostAsync("/Api/Plugins/sample/fail", """{"value": "boom"}""")).Is(HttpStatusCode.InternalServerError);
        (await host.PostAsync("/Api/Command", "{not json")).Is(HttpStatusCode.BadRequest);
        (await host.GetAsync("/Api/Nothing/here")).Is(HttpStatusCode.NotFound);
        await Eventually.True(() => host.Limit.InFlight == 0, "the failed requests to give back their slot");
        (await host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);

        using var abandon = new CancellationTokenSource();
        var abandoned = host.Client.PostAsync(HoldPlugin.Url, content: null, abandon.Token);
        await Eventually.True(() => hold.Entered == 1, "the held request to reach the plugin");
        IsOverloaded(await host.GetAsync("/Api/Command/version"));
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Eventually.True(() => host.Limit.InFlight == 0, "the abandoned request to give back its slot");
        (await host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_log_WebSocket_neither_takes_a_slot_nor_is_refused_when_every_slot_is_taken()
    {
        var hold = new HoldPlugin();
        await using var node = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, MaxConcurrentRequests = 1 }, plugins: [hold]);
        using var first = new ClientWebSocket();
        await first.ConnectAsync(node.WebSocketUri("/Api/Log"), CancellationToken.None);
        await Eventually.True(() => node.History.SubscriberCount == 1, "the first log session to subscribe");

        // The open WebSocket holds no slot: the one slot is free for a request, which then holds it.
        var held = node.SendAsync(HttpMethod.Post, HoldPlugin.Url);
        await Eventually.True(() => hold.Entered == 1, "the held request to reach the plugin");
        IsOverloaded(await node.SendAsync(HttpMethod.Get, "/Api/Command/version"));

        using var second = new ClientWebSocket();
        await second.ConnectAsync(node.WebSocketUri("/api/log"), CancellationToken.None);
        await Eventually.True(() => node.History.SubscriberCount == 2, "the second log session to subscribe while every slot is taken");
        (await node.SendAsync(HttpMethod.Get, "/HealthCheck")).Is(HttpStatusCode.OK);

        hold.Release();
        (await held).Is(HttpStatusCode.OK);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await second.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await Eventually.True(async () => (await node.SendAsync(HttpMethod.Get, "/Api/Command/version")).Status == HttpStatusCode.OK,
            "a request to succeed once the held one is done");
    }
}

/// <summary>
/// The limit's instruments: <c>actorrpc.http.requests.in_flight</c> and <c>actorrpc.http.requests.rejected</c> on the
/// process-wide <c>ActorRpc</c> meter, so these tests run alone (<see cref="MetricsCollection"/>).
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class OverloadMetricsSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_in_flight_gauge_goes_up_and_back_down_and_each_refusal_is_counted()
    {
        using var inFlight = new InstrumentSum(HttpGatewayMetrics.RequestsInFlightName);
        using var rejected = new InstrumentSum(HttpGatewayMetrics.RequestsRejectedName);
        var hold = new HoldPlugin();
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, MaxConcurrentRequests = 2 }, output, plugins: [hold]);
        Assert.Equal(0, inFlight.Value);

        Task<ApiReply>[] held = [host.PostAsync(HoldPlugin.Url), host.PostAsync(HoldPlugin.Url)];
        await Eventually.True(() => hold.Entered == 2, "both held requests to reach the plugin");
        Assert.Equal(2, inFlight.Value);
        OverloadSpec.IsOverloaded(await host.GetAsync("/Api/Command/version"));
        OverloadSpec.IsOverloaded(await host.GetAsync("/Api/ASF"));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/metrics")).Status);
        (await host.GetAsync("/HealthCheck")).Is(HttpStatusCode.OK);
        Assert.Equal(2, inFlight.Value);
        Assert.Equal(2, rejected.Value);
        Assert.Equal(2, inFlight.Peak);

        hold.Release();
        Assert.All(await Task.WhenAll(held), reply => reply.Is(HttpStatusCode.OK));
        await Eventually.True(() => inFlight.Value == 0, "the gauge to come back down to 0");

        var scrape = await MetricsEndpointSpec.ScrapeAsync(host.Client);
        Assert.Equal("gauge", scrape.Types["actorrpc_http_requests_in_flight"]);
        Assert.Equal("counter", scrape.Types["actorrpc_http_requests_rejected_total"]);
        Assert.StartsWith("HTTP IPC requests being processed", scrape.Help["actorrpc_http_requests_in_flight"]);
        // Scrapes are exempt from the limit and not counted among the requests in flight.
        Assert.Equal(0, scrape.ValueOrZero("actorrpc_http_requests_in_flight"));
        Assert.Equal(2, scrape.ValueOrZero("actorrpc_http_requests_rejected_total"));
    }

    [Fact]
    public async Task A_flood_beyond_the_limit_gets_only_200s_and_503s_every_refusal_is_counted_and_the_node_stays_healthy()
    {
        const int limit = 4;
        const int clients = 32;
        var hold = new HoldPlugin();
        await using var node = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, MaxConcurrentRequests = limit }, plugins: [hold]);
        var rejectedBefore = (await MetricsEndpointSpec.ScrapeAsync(node.Client)).ValueOrZero("actorrpc_http_requests_rejected_total");

        // Every slot held: the flood can only be refused until the release, then it competes for the free slots.
        var held = Enumerable.Range(0, limit).Select(_ => node.SendAsync(HttpMethod.Post, HoldPlugin.Url)).ToArray();
        await Eventually.True(() => hold.Entered == limit, "the held requests to fill every slot");
        var ok = 0;
        var refused = 0;
        var unexpected = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var flood = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var reply = await node.SendAsync(HttpMethod.Get, "/Api/Command/version");
                    if (reply.Status == HttpStatusCode.OK)
                    {
                        reply.Is(HttpStatusCode.OK);
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        OverloadSpec.IsOverloaded(reply);
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (Exception ex)
                {
                    unexpected.Enqueue(ex.Message);
                    return;
                }
            }
        })).ToArray();

        await Eventually.True(() => Volatile.Read(ref refused) >= 200 || !unexpected.IsEmpty, "the flood to be refused while every slot is held");
        Assert.Empty(unexpected);
        Assert.Equal(0, Volatile.Read(ref ok));
        (await node.SendAsync(HttpMethod.Get, "/HealthCheck")).Is(HttpStatusCode.OK);
        hold.Release();
        Assert.All(await Task.WhenAll(held), reply => reply.Is(HttpStatusCode.OK));
        await Eventually.True(() => Volatile.Read(ref ok) >= 300 || !unexpected.IsEmpty, "the flood to be served again once the slots are free");
        await stop.CancelAsync();
        await Task.WhenAll(flood);

        Assert.Empty(unexpected);
        output.WriteLine($"{clients} clients, limit {limit}: {ok} answered 200, {refused} refused with 503");
        (await node.SendAsync(HttpMethod.Get, "/HealthCheck")).Is(HttpStatusCode.OK);
        Exposition? after = null;
        await Eventually.True(async () =>
        {
            using var response = await node.Client.GetAsync("/metrics");
            after = response.StatusCode == HttpStatusCode.OK ? Exposition.Parse(await response.Content.ReadAsStringAsync()) : null;
            return after?.ValueOrZero("actorrpc_http_requests_in_flight") == 0;
        }, "every slot to be given back (scrapes are exempt from the limit and not counted)");
        Assert.Equal(refused, after!.ValueOrZero("actorrpc_http_requests_rejected_total") - rejectedBefore);
        (await node.SendAsync(HttpMethod.Get, "/Api/Command/version")).Is(HttpStatusCode.OK);
    }

    /// <summary>The running sum (and its peak) of one <c>ActorRpc</c> instrument's measurements, from a <see cref="MeterListener"/>.</summary>
    private sealed class InstrumentSum : IDisposable
    {
        private readonly MeterListener _listener = new();

        private long _value;

        private long _peak;

        public InstrumentSum(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ActorRpcMetrics.MeterName && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                var now = Interlocked.Add(ref _value, value);
                for (var peak = Interlocked.Read(ref _peak); now > peak; peak = Interlocked.Read(ref _peak))
                {
                    Interlocked.CompareExchange(ref _peak, now, peak);
                }
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose() => _listener.Dispose();
    }
}
