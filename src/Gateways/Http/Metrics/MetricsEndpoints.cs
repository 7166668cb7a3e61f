using System.Diagnostics.Metrics;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Gateways.Http.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>
/// <c>GET /metrics</c>: the <c>ActorRpc</c> and <c>System.Runtime</c> meters through OpenTelemetry's SDK and its
/// Prometheus exporter (text format 0.0.4, or OpenMetrics when the scraper asks for it, as Prometheus does). Guarded like
/// <c>/Api</c> unless <see cref="HttpGatewayOptions.MetricsOpen"/> (see <c>AccessControlMiddleware</c>).
/// </summary>
internal static class MetricsEndpoints
{
    /// <summary>The URL.</summary>
    public const string Path = "/metrics";

    /// <summary>Name endings Prometheus reserves for counters, histograms and summaries.</summary>
    private static readonly string[] s_reservedSuffixes = [".count", "_count", ".total", "_total", ".sum", "_sum", ".bucket", "_bucket"];

    /// <summary>
    /// Adds OpenTelemetry's metrics with the Prometheus exporter to <paramref name="services"/>, once: a host that runs the
    /// gateway in its own application (<see cref="HttpGatewayServer"/>) registers them in the host's container, whose
    /// meter provider then counts from the host's start, and hands that provider to the application (<see cref="Share"/>).
    /// Other OpenTelemetry set-up of the same container (the node's OTLP export) joins the same provider.
    /// </summary>
    public static void AddMetrics(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Added)))
        {
            return;
        }
        services.AddSingleton<Added>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ActorRpcMetrics.MeterName, ActorRpcMetrics.RuntimeMeterName)
            .AddView(KeepGaugeNamesApart)
            .AddPrometheusExporter(prometheus =>
            {
                // Every scrape reads the instruments now: no answer cached from an earlier scrape.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                // The series carry their own labels only (no otel_scope_*), and no target_info family: Prometheus
                // labels each target itself (job, instance). An OTLP export still carries scope and resource.
                prometheus.ScopeInfoEnabled = false;
                prometheus.TargetInfoEnabled = false;
            }));
    }

    /// <summary>
    /// A gauge whose Prometheus name would end in a suffix Prometheus reserves for other types (<c>_count</c>,
    /// <c>_total</c>, <c>_sum</c>, <c>_bucket</c>) is renamed with <c>.current</c> appended, which keeps
    /// <c>promtool check metrics</c> quiet (<c>dotnet.assembly.count</c> → <c>dotnet_assembly_count_current</c>).
    /// </summary>
    internal static MetricStreamConfiguration? KeepGaugeNamesApart(Instrument instrument)
    {
        var kind = instrument.GetType().GetGenericTypeDefinition();
        var gauge = kind != typeof(Counter<>) && kind != typeof(ObservableCounter<>) && kind != typeof(Histogram<>);
        return gauge && s_reservedSuffixes.Any(suffix => instrument.Name.EndsWith(suffix, StringComparison.Ordinal))
            ? new MetricStreamConfiguration { Name = instrument.Name + ".current" }
            : null;
    }

    /// <summary>Registers the host's meter provider in an application's container, so that its <c>/metrics</c> reads it (the application does not dispose it).</summary>
    public static void Share(IServiceCollection application, MeterProvider hostProvider)
    {
        application.TryAddSingleton<Added>();
        application.AddSingleton(hostProvider);
    }

    public static void Map(WebApplication app)
    {
        // The exporter's middleware, as a pipeline of its own that an ordinary endpoint calls: the endpoint keeps GET
        // only (other methods 405), the OpenAPI entry and the access rules of every endpoint.
        var branch = ((IApplicationBuilder)app).New();
        branch.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
        var scrape = new Scrape(branch.Build());
        // As a Delegate, so that the endpoint gets the metadata (OpenAPI) of a route handler.
        app.MapGet(Path, (Delegate)((HttpContext context) => scrape.Exporter(context)))
            .WithTags("Metrics")
            .WithName("Metrics")
            .WithSummary("The ActorRpc and System.Runtime meters in Prometheus' text exposition format 0.0.4 (OpenMetrics when asked for); needs the IPC password unless MetricsOpen.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<GenericResponse<object>>(StatusCodes.Status401Unauthorized, "application/json")
            .Produces<GenericResponse<object>>(StatusCodes.Status403Forbidden, "application/json");
    }

    /// <summary>Marks a container whose metrics are set up.</summary>
    private sealed class Added;

    /// <summary>The exporter's pipeline.</summary>
    private sealed record Scrape(RequestDelegate Exporter);
}
