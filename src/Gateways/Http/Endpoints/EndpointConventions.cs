using ActorRpc.Gateways.Http.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>OpenAPI metadata shared by the endpoints: the envelope on success and on the listed errors.</summary>
internal static class EndpointConventions
{
    /// <summary>Declares a <see cref="GenericResponse{T}"/> of <typeparamref name="T"/> for 200 and an error envelope for each of <paramref name="errors"/>.</summary>
    public static RouteHandlerBuilder ProducesEnvelope<T>(this RouteHandlerBuilder builder, params int[] errors)
    {
        builder.Produces<GenericResponse<T>>(StatusCodes.Status200OK, "application/json");
        return builder.ProducesErrors(errors);
    }

    /// <summary>Declares an error envelope for each of <paramref name="errors"/> (for endpoints whose success is not an envelope).</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] errors)
    {
        foreach (var status in errors)
        {
            builder.Produces<GenericResponse<object>>(status, "application/json");
        }
        return builder;
    }

    /// <summary>Documents a JSON request body of <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder, bool optional = false)
        where T : notnull => builder.Accepts<T>(optional, "application/json");
}
