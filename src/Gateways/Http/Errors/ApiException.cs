namespace ActorRpc.Gateways.Http.Errors;

/// <summary>Ends a request with <see cref="Error"/>; the message becomes the response's <c>Message</c>.</summary>
internal sealed class ApiException(ApiError error, string message) : Exception(message)
{
    /// <summary>The failure.</summary>
    public ApiError Error { get; } = error;
}
