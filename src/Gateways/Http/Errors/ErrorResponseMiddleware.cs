using System.Text.Json;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Errors;

/// <summary>
/// Outermost gateway middleware: turns exceptions into error responses through <see cref="ErrorMapping"/>, and
/// gives error statuses that arrived without a body (routing's 404, 405 and 415) their contract status and the usual JSON body, so every
/// response of the gateway has the same shape.
/// </summary>
internal sealed class ErrorResponseMiddleware(RequestDelegate next, ILogger<ErrorResponseMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var (error, message, result) = ErrorMapping.FromException(ex);
            if (error == ApiError.InternalError)
            {
                log.LogError(ex, "IPC request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            await WriteAsync(context, error, message, result).ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= StatusCodes.Status400BadRequest && response.ContentType is null && response.ContentLength is null or 0)
        {
            var (status, message) = ErrorMapping.FromBodilessStatus(context);
            await WriteAsync(context, status, message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the error response of <paramref name="error"/>: its status and, if it has one, its <c>Retry-After</c>
    /// (both from <see cref="ErrorMapping"/>), and the usual body.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ApiError error, string message, object? result = null)
    {
        if (ErrorMapping.RetryAfterOf(error) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteAsync(context, ErrorMapping.StatusCodeOf(error), message, result);
    }

    /// <summary>Writes an error body with <paramref name="status"/> (and <paramref name="result"/> as its <c>Result</c>); headers already set (CORS, Allow) stay.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, object? result = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentLength = null;
        response.ContentType = GatewayJson.ContentType;
        return JsonSerializer.SerializeAsync(response.Body, new GenericResponse<object>(message, result, false), GatewayJson.Options, context.RequestAborted);
    }
}
