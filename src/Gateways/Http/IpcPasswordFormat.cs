namespace ActorRpc.Gateways.Http;

/// <summary>How <see cref="HttpGatewayOptions.Password"/> is stored (ASF's <c>IPCPasswordFormat</c>, with its numbers).</summary>
public enum IpcPasswordFormat
{
    /// <summary>The clear password.</summary>
    PlainText = 0,

    /// <summary>
    /// A PBKDF2 hash with HMAC-SHA-256, in either of two forms (clients still send the clear password):
    /// ours, <c>pbkdf2$ITERATIONS$SALT$HASH</c> (salt and hash in Base64, a random salt), as made by
    /// <see cref="IpcPassword.HashPbkdf2"/>; or ASF's, the Base64 of the 32-byte hash alone, as ASF's <c>hash Pbkdf2 …</c>
    /// command prints it (10,000 iterations, salted with ASF's default key, the UTF-8 bytes of "ArchiSteamFarm").
    /// ASF's value 1, SCrypt, is not supported.
    /// </summary>
    Pbkdf2 = 2,
}
