using System.Collections;
using ActorRpc.Actors.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorRpc.Node;

/// <summary>
/// OTLP export, on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the <c>ActorRpc</c> and <c>System.Runtime</c> meters,
/// the <c>ActorRpc</c> activity source (TCP calls, and requests continued from other nodes), ASP.NET Core's (HTTP
/// requests) and the log go to that collector through OpenTelemetry's OTLP exporter, configured by
/// the standard variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>…_HEADERS</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, …). The service is <c>actorrpc</c> unless
/// <c>OTEL_SERVICE_NAME</c> says otherwise, its instance the node's name. It shares the meter provider behind the HTTP
/// gateway's <c>/metrics</c> when both are on.
/// </summary>
internal static class NodeTelemetry
{
    /// <summary>The variable that turns the export on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>ASP.NET Core's own source: the HTTP IPC server's requests (with the client's <c>traceparent</c>).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string ServiceName = "actorrpc";

    /// <summary>Adds the export to <paramref name="services"/> if <paramref name="environment"/> names an endpoint.</summary>
    public static void AddOtlpExport(IServiceCollection services, IConfigurationBuilder configuration, NodeOptions options, IDictionary environment)
    {
        if (string.IsNullOrWhiteSpace(environment[EndpointVariable]?.ToString()))
        {
            return;
        }
        // The node's configuration holds only its own keys (actorrpc__…): the exporter reads the OTEL_ variables from it.
        configuration.AddInMemoryCollection(environment.Cast<DictionaryEntry>()
            .Where(entry => entry.Key.ToString()!.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(entry => new KeyValuePair<string, string?>(entry.Key.ToString()!, entry.Value?.ToString())));
        var serviceName = environment["OTEL_SERVICE_NAME"]?.ToString() is { Length: > 0 } named ? named : ServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: options.NodeName))
            .WithMetrics(metrics => metrics.AddMeter(ActorRpcMetrics.MeterName, ActorRpcMetrics.RuntimeMeterName))
            .WithTracing(tracing => tracing.AddSource(ActorRpcTracing.SourceName, AspNetCoreSource))
            .UseOtlpExporter();
    }
}
