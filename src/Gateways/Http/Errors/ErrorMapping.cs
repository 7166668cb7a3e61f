using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.PluginSdk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ActorRpc.Gateways.Http.Errors;

/// <summary>
/// The one place that decides HTTP status codes: for gateway errors, for exceptions, and for the core's result
/// codes (DFHack's <c>command_result</c>). The tables are the contract (<c>docs/http-ipc-api.md</c>):
/// <list type="table">
/// <listheader><term>result code</term><description>command endpoints / RPC calls</description></listheader>
/// <item><term>CR_OK</term><description>200, Success true / 200</description></item>
/// <item><term>CR_FAILURE</term><description>200, Success false (the command ran and says why) / 500 (the method failed)</description></item>
/// <item><term>CR_WRONG_USAGE, CR_NEEDS_CONSOLE</term><description>400 / 400</description></item>
/// <item><term>CR_NOT_FOUND, CR_NOT_IMPLEMENTED</term><description>400 (unknown bot or command) / 404 (no such method)</description></item>
/// <item><term>CR_LINK_FAILURE</term><description>503 / 503 (the target did not answer)</description></item>
/// </list>
/// </summary>
internal static class ErrorMapping
{
    /// <summary>The HTTP status of <paramref name="error"/>.</summary>
    public static int StatusCodeOf(ApiError error) => error switch
    {
        ApiError.BadRequest => StatusCodes.Status400BadRequest,
        ApiError.Unauthorized => StatusCodes.Status401Unauthorized,
        ApiError.Forbidden => StatusCodes.Status403Forbidden,
        ApiError.NotFound => StatusCodes.Status404NotFound,
        ApiError.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ApiError.NotAcceptable => StatusCodes.Status406NotAcceptable,
        ApiError.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ApiError.NotImplemented => StatusCodes.Status501NotImplemented,
        ApiError.ServiceUnavailable or ApiError.Overloaded => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>How many seconds a client refused for overload should wait before it tries again.</summary>
    public const int OverloadRetryAfterSeconds = 1;

    /// <summary>The <c>Retry-After</c> (seconds) that goes with <paramref name="error"/>, or null for none.</summary>
    public static int? RetryAfterOf(ApiError error) => error switch
    {
        ApiError.Overloaded => OverloadRetryAfterSeconds,
        _ => null,
    };

    /// <summary>The status and <c>Success</c> of a command endpoint (commands, bot changes, bot lifecycle) whose core call answered <paramref name="code"/>.</summary>
    public static (int Status, bool Success) ForCommand(CommandResultCode code) => code switch
    {
        CommandResultCode.Ok => (StatusCodes.Status200OK, true),
        CommandResultCode.Failure => (StatusCodes.Status200OK, false),
        CommandResultCode.LinkFailure => (StatusCodeOf(ApiError.ServiceUnavailable), false),
        _ => (StatusCodeOf(ApiError.BadRequest), false),
    };

    /// <summary>The status and <c>Success</c> of an RPC call over HTTP whose method answered <paramref name="code"/>.</summary>
    public static (int Status, bool Success) ForMethod(CommandResultCode code) => code switch
    {
        CommandResultCode.Ok => (StatusCodes.Status200OK, true),
        CommandResultCode.WrongUsage or CommandResultCode.NeedsConsole => (StatusCodeOf(ApiError.BadRequest), false),
        CommandResultCode.NotFound or CommandResultCode.NotImplemented => (StatusCodeOf(ApiError.NotFound), false),
        CommandResultCode.LinkFailure => (StatusCodeOf(ApiError.ServiceUnavailable), false),
        _ => (StatusCodeOf(ApiError.InternalError), false),
    };

    /// <summary>What an exception that ended a request means for the client.</summary>
    public static (ApiError Error, string Message, object? Result) FromException(Exception exception) => exception switch
    {
        ApiException api => (api.Error, api.Message, api.Result),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (ApiError.PayloadTooLarge, "The request body is larger than this server accepts.", null),
        BadHttpRequestException bad => (ApiError.BadRequest, bad.Message, null),
        AskTimeoutException timeout => (ApiError.ServiceUnavailable, $"The node did not answer in time: {timeout.Message}", null),
        _ => (ApiError.InternalError, $"The request failed on the node: {exception.GetType().Name}: {exception.Message}", null),
    };

    /// <summary>
    /// The status and message of an error response that arrived without a body: routing's 404 and 405, and its 415
    /// for a body that is not JSON, which the contract answers with 406.
    /// </summary>
    public static (int Status, string Message) FromBodilessStatus(HttpContext context)
    {
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => (StatusCodes.Status404NotFound, $"No such URL: {request.Path}"),
            StatusCodes.Status405MethodNotAllowed => (StatusCodes.Status405MethodNotAllowed,
                $"{request.Method} is not allowed for {request.Path}; allowed: {context.Response.Headers.Allow}"),
            StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "The request body is larger than this server accepts."),
            StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status406NotAcceptable => (StatusCodeOf(ApiError.NotAcceptable),
                $"This endpoint accepts only JSON bodies with Content-Type: application/json, not {(string.IsNullOrEmpty(request.ContentType) ? "a body without Content-Type" : $"'{request.ContentType}'")}."),
            var status => (status, ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : $"HTTP {status}"),
        };
    }
}
