using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Endpoints;
using ActorRpc.Gateways.Http.Json;
using ActorRpc.Gateways.Http.Limits;
using ActorRpc.Gateways.Http.Logging;
using ActorRpc.Gateways.Http.Metrics;
using ActorRpc.Gateways.Http.Routing;
using ActorRpc.Gateways.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http;

/// <summary>Registers the HTTP IPC gateway.</summary>
public static class HttpGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the IPC server to a generic host: a hosted <see cref="HttpGatewayServer"/> that runs its own Kestrel
    /// application on <see cref="HttpGatewayOptions.Host"/>:<see cref="HttpGatewayOptions.Port"/>, serving the
    /// <see cref="ICommandRouter"/> and <see cref="ActorSystem"/> of the host's container with the host's
    /// <see cref="ILoggerFactory"/>; the <see cref="LogHistory"/> as a logger provider (see <see cref="AddLogHistory"/>); and the
    /// collector behind <c>/metrics</c>, a singleton of the host that the server's application shares.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid (the message names it).</exception>
    public static IServiceCollection AddHttpGateway(this IServiceCollection services, HttpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddLogHistory();
        MetricsEndpoints.AddMetrics(services);
        services.AddSingleton(provider => new HttpGatewayServer(options, provider));
        services.AddHostedService(provider => provider.GetRequiredService<HttpGatewayServer>());
        return services;
    }

    /// <summary>
    /// Adds a singleton <see cref="LogHistory"/> (if none is registered) and makes it a logger provider of the
    /// container's logging, so that it sees every log line from the start. Idempotent.
    /// </summary>
    public static IServiceCollection AddLogHistory(this IServiceCollection services, int capacity = LogHistory.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new LogHistory(capacity, LogLevel.Information, provider.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, LogHistory>(provider => provider.GetRequiredService<LogHistory>()));
        return services;
    }

    /// <summary>
    /// Adds what <see cref="HttpGatewayApplicationExtensions.MapHttpGateway"/> needs to an ASP.NET Core application
    /// that hosts the gateway's endpoints itself (tests on <c>TestServer</c>; <see cref="HttpGatewayServer"/> uses it
    /// too): the settings, bans, the request limit, CORS, routing, WebSockets, OpenAPI, JSON options and the metrics collector behind <c>/metrics</c>
    /// (a <see cref="System.Diagnostics.Metrics.MeterListener"/> on the <c>ActorRpc</c> and <c>System.Runtime</c> meters). The container must also hold the
    /// <see cref="ICommandRouter"/> and the <see cref="ActorSystem"/>; a <see cref="LogHistory"/> is added if missing.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid (the message names it).</exception>
    public static IServiceCollection AddHttpGatewayEndpoints(this IServiceCollection services, HttpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(provider => new LogHistory(LogHistory.DefaultCapacity, LogLevel.Information, provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new BanList(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(provider => new PasswordVerifier(provider.GetRequiredService<HttpGatewayOptions>()));
        services.TryAddSingleton<RouteCatalog>();
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, RouteCorsPolicyProvider>());
        services.TryAddSingleton(provider => new RequestLimit(provider.GetRequiredService<HttpGatewayOptions>()));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RequestLimit>((limiter, limit) => limit.Configure(limiter));
        MetricsEndpoints.AddMetrics(services);
        services.TryAddSingleton(provider => new IpcStorage(provider.GetRequiredService<HttpGatewayOptions>().StorageFile,
            provider.GetService<ILoggerFactory>()?.CreateLogger("ActorRpc.Ipc")));
        services.TryAddSingleton(provider => new Gateway(
            provider.GetRequiredService<HttpGatewayOptions>(),
            provider.GetRequiredService<ICommandRouter>(),
            provider.GetRequiredService<ActorSystem>(),
            provider.GetRequiredService<LogHistory>(),
            provider.GetRequiredService<BanList>(),
            provider.GetRequiredService<PasswordVerifier>(),
            provider.GetRequiredService<IpcStorage>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddRouting();
        services.AddOpenApi(OpenApiEndpoints.DocumentName, OpenApiEndpoints.Configure);
        services.AddOpenApi(OpenApiEndpoints.AsfDocumentName, OpenApiEndpoints.Configure);
        services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        return services;
    }

}
