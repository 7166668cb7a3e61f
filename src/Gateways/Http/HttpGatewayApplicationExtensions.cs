using ActorRpc.Gateways.Http.Endpoints;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Limits;
using ActorRpc.Gateways.Http.Metrics;
using ActorRpc.Gateways.Http.Security;
using ActorRpc.Gateways.Http.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ActorRpc.Gateways.Http;

/// <summary>Puts the HTTP IPC gateway on an ASP.NET Core application.</summary>
public static class HttpGatewayApplicationExtensions
{
    /// <summary>
    /// Adds the gateway's middleware (the Host check, CORS, error responses, the concurrency limit, WebSockets, authentication and bans
    /// for <c>/Api</c>, routing) and maps every endpoint: <c>/Api/Command</c>, <c>/Api/WWW/Command</c> (streamed), <c>/Api/Bot</c>, <c>/Api/ASF</c>, <c>/Api/Structure</c>,
    /// <c>/Api/Type</c>, <c>/Api/Log</c>, <c>/Api/Plugins</c>, <c>/Api/IPC/Bans</c>, the reserved URLs (501),
    /// <c>/HealthCheck</c>, <c>/metrics</c> (Prometheus), the OpenAPI document and its page, and the web console at <c>/</c>. Call it before any other routing or endpoints; the
    /// container needs <see cref="HttpGatewayServiceCollectionExtensions.AddHttpGatewayEndpoints"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The container lacks the gateway's services, the router or the actor system.</exception>
    public static WebApplication MapHttpGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetRequiredService<Gateway>();
            // Created now, so that /metrics counts from the start of the application rather than from its first scrape.
            app.Services.GetRequiredService<MeterProvider>();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                $"MapHttpGateway needs AddHttpGatewayEndpoints(options) plus an ICommandRouter and an ActorSystem in the container: {ex.Message}", ex);
        }
        // First: a request for a foreign Host (DNS rebinding) reaches nothing, not even CORS.
        app.UseMiddleware<RequestTargetMiddleware>();
        if (app.Services.GetRequiredService<HttpGatewayOptions>().HasPassword)
        {
            // Policies: RouteCorsPolicyProvider. Without a password no other origin may call, so there is no CORS at all.
            app.UseCors();
        }
        app.UseMiddleware<ErrorResponseMiddleware>();
        // After CORS and error responses (a refused browser request keeps its CORS headers, and the refusal is written like every
        // error), before authentication (password hashing is work the limit must cover) and everything else.
        app.UseRateLimiter();
        app.Use(RequestLimit.CountInFlightAsync);
        app.UseWebSockets();
        app.UseMiddleware<AccessControlMiddleware>();
        app.UseRouting();

        var api = app.MapGroup("/Api");
        CommandEndpoints.Map(api);
        // A literal route: it wins over the reserved /Api/WWW/{**rest} catch-all.
        ConsoleEndpoints.Map(api);
        BotEndpoints.Map(api);
        NodeEndpoints.Map(api);
        StructureEndpoints.Map(api);
        LogEndpoints.Map(api);
        PluginEndpoints.Map(api);
        IpcEndpoints.Map(api);
        AsfEndpoints.Map(api);
        ReservedEndpoints.Map(api);
        NodeEndpoints.MapHealth(app);
        MetricsEndpoints.Map(app);
        OpenApiEndpoints.Map(app);
        var options = app.Services.GetRequiredService<Gateway>().Options;
        if (options.WebRoot is { } webRoot)
        {
            WebRootEndpoints.Map(app, webRoot);
        }
        else if (options.WebConsole)
        {
            WebConsoleEndpoints.Map(app);
        }
        return app;
    }
}
