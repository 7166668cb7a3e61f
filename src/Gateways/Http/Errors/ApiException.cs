namespace ActorRpc.Gateways.Http.Errors;

/// <summary>Ends a request with <see cref="Error"/>; the message becomes the response's <c>Message</c>.</summary>
internal sealed class ApiException(ApiError error, string message, object? result = null) : Exception(message)
{
    /// <summary>The failure.</summary>
    public ApiError Error { get; } = error;

    /// <summary>The error response's <c>Result</c> (null for none), e.g. ASF's <c>{StatusCode, Permanent}</c> of a refused authentication.</summary>
    public object? Result { get; } = result;
}
