namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>
/// The <c>Result</c> of a refused authentication, as ASF answers it (its <c>StatusCodeResponse</c>): clients such as ASF-ui
/// tell a ban (403, <c>Permanent</c> false: it passes) from a server that will never serve them without a password
/// (403, <c>Permanent</c> true) and from a missing or wrong password (401, <c>Permanent</c> true).
/// </summary>
/// <param name="StatusCode">The HTTP status, repeated in the body.</param>
/// <param name="Permanent">Whether asking again unchanged can never succeed.</param>
internal sealed record StatusCodeResult(int StatusCode, bool Permanent);
