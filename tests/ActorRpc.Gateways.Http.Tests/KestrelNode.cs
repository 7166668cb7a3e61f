using System.Net.Http.Headers;
using System.Text;
using ActorRpc.Actors.Hosting;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Logging;
using ActorRpc.PluginSdk;
using ActorRpc.Plugins.Sample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// A node as the node executable wires it: a generic host with the actor system, the core and
/// <c>AddHttpGateway</c>, listening with real Kestrel on 127.0.0.1 and a free port.
/// </summary>
public sealed class KestrelNode : IAsyncDisposable
{
    private KestrelNode(string root, IHost host)
    {
        Root = root;
        Host = host;
        Server = host.Services.GetRequiredService<HttpGatewayServer>();
        Client = new HttpClient { BaseAddress = Server.Address };
    }

    public string Root { get; }

    public string BotsDir => Path.Combine(Root, "config");

    public IHost Host { get; }

    public HttpGatewayServer Server { get; }

    public HttpClient Client { get; }

    public LogHistory History => Host.Services.GetRequiredService<LogHistory>();

    public ICommandRouter Router => Host.Services.GetRequiredService<ICommandRouter>();

    public ILogger Log => Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorRpc.Tests");

    public Uri WebSocketUri(string path) => new($"ws://{Server.Address!.Authority}{path}");

    /// <summary>Starts a node with the sample plugin and <paramref name="plugins"/>.</summary>
    public static async Task<KestrelNode> StartAsync(ITestOutputHelper output, HttpGatewayOptions? options = null, IReadOnlyList<IPlugin>? plugins = null)
    {
        var root = Directory.CreateTempSubdirectory("actorrpc-http-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "config"));
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        options ??= new HttpGatewayOptions { Port = 0, OwnerId = 1 };
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        builder.Services.AddActorRpcCore("http-e2e",
            _ => new CoreOptions { NodeName = "node1", BotsDirectory = Path.Combine(root, "config"), PluginsDirectory = Path.Combine(root, "plugins"), OwnerId = options.OwnerId },
            [new SamplePlugin(), .. plugins ?? []]);
        builder.Services.AddHttpGateway(options);
        var host = builder.Build();
        await host.StartAsync();
        var node = new KestrelNode(root, host);
        await Eventually.True(() => node.Router.Table.Plugins.ContainsKey("sample") && (plugins ?? []).All(p => node.Router.Table.Plugins.ContainsKey(p.Name)), "the plugins to load");
        return node;
    }

    public async Task<ApiReply> SendAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        var response = await Client.SendAsync(request);
        return new ApiReply(response, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        if (Host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
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
