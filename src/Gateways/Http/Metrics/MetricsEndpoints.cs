using ActorRpc.Gateways.Http.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>
/// <c>GET /metrics</c>: the <see cref="MetricsCollector"/>'s families in Prometheus' text format. Guarded like
/// <c>/Api</c> unless <see cref="HttpGatewayOptions.MetricsOpen"/> (see <c>AccessControlMiddleware</c>).
/// </summary>
internal static class MetricsEndpoints
{
    /// <summary>The URL.</summary>
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGet(Path, ScrapeAsync)
            .WithTags("Metrics")
            .WithName("Metrics")
            .WithSummary("The ActorRpc and System.Runtime meters in Prometheus' text exposition format 0.0.4; needs the IPC password unless MetricsOpen.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<GenericResponse<object>>(StatusCodes.Status401Unauthorized, "application/json")
            .Produces<GenericResponse<object>>(StatusCodes.Status403Forbidden, "application/json");
    }

    private static async Task ScrapeAsync(HttpContext context, MetricsCollector collector)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusText.ContentType;
        response.Headers.CacheControl = "no-store";
        // Written straight into the response's pipe (buffered until the flush), no intermediate string.
        collector.WriteTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
