namespace ActorRpc.Gateways.Http.Errors;

/// <summary>Why a request failed; <see cref="ErrorMapping.StatusCodeOf"/> turns each into its HTTP status.</summary>
internal enum ApiError
{
    /// <summary>Bad argument, empty command, unknown bot, unparsable body.</summary>
    BadRequest,

    /// <summary>A password is set and the request has none or a wrong one.</summary>
    Unauthorized,

    /// <summary>The client is banned, or not local while there is no password.</summary>
    Forbidden,

    /// <summary>No such URL (or, for RPC calls, no such plugin method).</summary>
    NotFound,

    /// <summary>The URL exists, the method is not allowed for it.</summary>
    MethodNotAllowed,

    /// <summary>The body's Content-Type is not JSON.</summary>
    NotAcceptable,

    /// <summary>The body is larger than the configured limit.</summary>
    PayloadTooLarge,

    /// <summary>The operation failed on the node (an RPC method reported CR_FAILURE, or the gateway failed).</summary>
    InternalError,

    /// <summary>The URL is reserved for future use.</summary>
    NotImplemented,

    /// <summary>OwnerId is 0 (command access prohibited), or the target did not answer (CR_LINK_FAILURE).</summary>
    ServiceUnavailable,

    /// <summary>
    /// The server already processes <see cref="HttpGatewayOptions.MaxConcurrentRequests"/> requests: 503 with
    /// <c>Retry-After</c> (<see cref="ErrorMapping.RetryAfterOf"/>).
    /// </summary>
    Overloaded,
}
