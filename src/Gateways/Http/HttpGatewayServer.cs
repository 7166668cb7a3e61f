using System.Net;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Hosting;
using ActorRpc.Gateways.Http.Logging;
using ActorRpc.Gateways.Http.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// The IPC server as a hosted service (registered by <see cref="HttpGatewayServiceCollectionExtensions.AddHttpGateway"/>):
/// on start it builds its own Kestrel web application over the host's router, actor system, log history and
/// logger factory, logs <c>Starting IPC server on http://HOST:PORT/...</c>, listens, and logs <c>IPC server ready!</c>;
/// on stop it closes the listener and the open connections.
/// </summary>
public sealed class HttpGatewayServer : IHostedService, IAsyncDisposable
{
    /// <summary>The settings.</summary>
    private readonly HttpGatewayOptions _options;

    /// <summary>The host's container.</summary>
    private readonly IServiceProvider _services;

    /// <summary>The server's log.</summary>
    private readonly ILogger _log;

    /// <summary>The host's meter provider if it has one (<see cref="HttpGatewayServiceCollectionExtensions.AddHttpGateway"/> registers it).</summary>
    private readonly MeterProvider? _metrics;

    /// <summary>The running web application, between start and stop.</summary>
    private WebApplication? _app;

    /// <summary>Creates the server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="services">The host's container: it must hold the <see cref="ICommandRouter"/> and the <see cref="ActorSystem"/>.</param>
    public HttpGatewayServer(HttpGatewayOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        options.Validate();
        _options = options;
        _services = services;
        // Resolved now, when the host collects its hosted services, so that it listens before any of them starts (bots
        // started before the provider would be missing from the up-down counters' sums).
        _metrics = services.GetService<MeterProvider>();
        _log = (services.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<HttpGatewayServer>();
    }

    /// <summary>The address the server listens on once started (the actual port when configured with 0); null before.</summary>
    public Uri? Address { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loggerFactory = _services.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(HttpGatewayServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxBodySize;
            Listen(kestrel);
        });
        builder.Services.RemoveAll<ILoggerFactory>();
        builder.Services.AddSingleton<ILoggerFactory>(new GatewayLoggerFactory(loggerFactory));
        builder.Services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(_services.GetRequiredService<ICommandRouter>());
        builder.Services.AddSingleton(_services.GetRequiredService<ActorSystem>());
        builder.Services.AddSingleton(_services.GetService<LogHistory>() ?? new LogHistory());
        if (_metrics is { } metrics)
        {
            // The host's provider, counting since the host started; the application does not own (dispose) it.
            MetricsEndpoints.Share(builder.Services, metrics);
        }
        if (_services.GetService<TimeProvider>() is { } time)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddHttpGatewayEndpoints(_options);
        var app = builder.Build();
        app.MapHttpGateway();

        _log.LogInformation("Starting IPC server on {Url}...", _options.Url);
        if (!_options.IsLoopbackHost && !_options.HasPassword)
        {
            if (_options.AllowNonLoopbackWithoutPassword)
            {
                _log.LogWarning("The IPC server listens on {Host} without a password and serves every client: anyone who can reach it controls this node", _options.Host);
            }
            else
            {
                _log.LogWarning("The IPC server listens on {Host} without a password: it serves only clients on loopback or a trusted network ({Networks}); others get 403. Set a password to serve them",
                    _options.Host, _options.TrustedNetworks.Count == 0 ? "none" : string.Join(", ", _options.TrustedNetworks));
            }
        }
        try
        {
            // Not the host's token: it is cancelled by a stop request (SIGTERM during start-up). Starting is a bind; it completes,
            // and the stop that follows closes it, instead of failing the node's start half-way.
            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogError("The IPC server could not start on {Url}: {Reason}", _options.Url, ex.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _app = app;
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = address is null ? null : new Uri(address.EndsWith('/') ? address : address + "/");
        if (_options.Port == 0)
        {
            _log.LogInformation("The IPC server listens on {Address}", Address);
        }
        _log.LogInformation("IPC server ready!");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            _log.LogInformation("IPC server stopped");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Listen(KestrelServerOptions kestrel)
    {
        var host = _options.Host;
        if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(_options.Port);
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot pick a free port for "localhost" (two addresses); loopback IPv4 it is, then.
            if (_options.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.ListenLocalhost(_options.Port);
            }
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), _options.Port);
        }
    }
}
