using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>Typed results in the gateway's envelope; statuses come from <see cref="ErrorMapping"/>.</summary>
internal static class ApiResults
{
    /// <summary>200 with <paramref name="result"/>.</summary>
    public static JsonHttpResult<GenericResponse<T>> Ok<T>(T result, string message = "OK") =>
        TypedResults.Json(new GenericResponse<T>(message, result, true), GatewayJson.Options, GatewayJson.ContentType, StatusCodes.Status200OK);

    /// <summary>A response with an explicit status (from <see cref="ErrorMapping"/>).</summary>
    public static JsonHttpResult<GenericResponse<T>> Of<T>(int status, bool success, string message, T? result) =>
        TypedResults.Json(new GenericResponse<T>(message, result, success), GatewayJson.Options, GatewayJson.ContentType, status);

    /// <summary>A failure without a result.</summary>
    public static JsonHttpResult<GenericResponse<object>> Error(ApiError error, string message) =>
        Of<object>(ErrorMapping.StatusCodeOf(error), false, message, null);
}
