namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>Every response body: <c>{"Message":"OK","Result":…,"Success":true}</c>.</summary>
/// <typeparam name="T">The type of <see cref="Result"/>.</typeparam>
/// <param name="Message"><c>OK</c> on success; otherwise why the request failed.</param>
/// <param name="Result">The request's result, or null.</param>
/// <param name="Success">Whether the request succeeded.</param>
internal sealed record GenericResponse<T>(string Message, T? Result, bool Success);
