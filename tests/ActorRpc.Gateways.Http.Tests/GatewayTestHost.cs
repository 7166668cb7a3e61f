using System.Net;
using System.Text;
using ActorRpc.Actors.Router;
using ActorRpc.Actors.Runtime;
using ActorRpc.Gateways.Http.Limits;
using ActorRpc.Gateways.Http.Logging;
using ActorRpc.Plugins.Sample;
using ActorRpc.PluginSdk;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// The gateway on a TestServer over a real core (NodeCore on a fresh actor system, temporary bots and plugins
/// directories, the sample plugin built in). The header <see cref="ClientHeader"/> sets the client's address
/// (default 127.0.0.1), since a TestServer request has none.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    /// <summary>The request header that sets the client address.</summary>
    public const string ClientHeader = "X-Test-Client";

    private GatewayTestHost(string root, ActorSystem system, CommandRouter router, WebApplication app, FakeTimeProvider time)
    {
        Root = root;
        System = system;
        Router = router;
        App = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public string Root { get; }

    public string BotsDir => Path.Combine(Root, "config");

    public ActorSystem System { get; }

    public CommandRouter Router { get; }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public LogHistory History => App.Services.GetRequiredService<LogHistory>();

    /// <summary>The gateway's request limit (its exact count of requests in flight).</summary>
    internal RequestLimit Limit => App.Services.GetRequiredService<RequestLimit>();

    /// <summary>Starts a core (owner 1 unless the options say 0) with the sample plugin and <paramref name="plugins"/>, and the gateway over it.</summary>
    public static async Task<GatewayTestHost> StartAsync(
        HttpGatewayOptions? options = null,
        ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string>? botFiles = null,
        IReadOnlyList<IPlugin>? plugins = null)
    {
        options ??= new HttpGatewayOptions { OwnerId = 1 };
        var root = Directory.CreateTempSubdirectory("actorrpc-http-").FullName;
        var bots = Path.Combine(root, "config");
        Directory.CreateDirectory(bots);
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        foreach (var (name, json) in botFiles ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(bots, name + ".json"), json);
        }
        ILoggerFactory logs = output is null ? NullLoggerFactory.Instance : new XunitLoggerFactory(output);
        var system = ActorSystems.Create("http-test", logs);
        var router = NodeCore.Start(system, logs, new CoreOptions
        {
            NodeName = "node1",
            BotsDirectory = bots,
            PluginsDirectory = Path.Combine(root, "plugins"),
            OwnerId = options.OwnerId,
        }, [new SamplePlugin(), .. plugins ?? []]);
        await Eventually.True(() => router.Table.Plugins.ContainsKey("sample") && (plugins ?? []).All(p => router.Table.Plugins.ContainsKey(p.Name)), "the plugins to load");
        await Eventually.True(() => router.Table.Bots.Count == (botFiles?.Count ?? 0), "the bot files to load");

        // Bans last an hour: tests move this clock instead of waiting.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (output is not null)
        {
            builder.Logging.AddProvider(new XunitLoggerProvider(output));
        }
        builder.Services.AddLogHistory();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<ICommandRouter>(router);
        builder.Services.AddSingleton(system);
        builder.Services.AddHttpGatewayEndpoints(options);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(ClientHeader, out var client) ? IPAddress.Parse(client!) : IPAddress.Loopback;
            return next(context);
        });
        app.MapHttpGateway();
        await app.StartAsync();
        return new GatewayTestHost(root, system, router, app, time);
    }

    /// <summary>Sends a request; <paramref name="json"/> goes as the body with <paramref name="contentType"/> (null: no Content-Type).</summary>
    public async Task<ApiReply> SendAsync(
        HttpMethod method,
        string url,
        string? json = null,
        string? contentType = "application/json",
        string? client = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        if (client is not null)
        {
            request.Headers.Add(ClientHeader, client);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await Client.SendAsync(request);
        return new ApiReply(response, await response.Content.ReadAsStringAsync());
    }

    public Task<ApiReply> GetAsync(string url, string? client = null) => SendAsync(HttpMethod.Get, url, client: client);

    public Task<ApiReply> PostAsync(string url, string? json = null, string? contentType = "application/json") => SendAsync(HttpMethod.Post, url, json, contentType);

    public Task<ApiReply> DeleteAsync(string url) => SendAsync(HttpMethod.Delete, url);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await System.Terminate().WaitAsync(TestKitTimeouts.DefaultShutdown);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the temp folder is cleaned by the system.
        }
    }
}
