namespace ActorRpc.Gateways.Http;

/// <summary>How <see cref="HttpGatewayOptions.Password"/> is stored.</summary>
public enum IpcPasswordFormat
{
    /// <summary>The clear password.</summary>
    PlainText,

    /// <summary>
    /// A PBKDF2 hash with HMAC-SHA-256, written <c>pbkdf2$ITERATIONS$SALT$HASH</c> (salt and hash in Base64), as made by
    /// <see cref="IpcPassword.HashPbkdf2"/>; clients still send the clear password.
    /// </summary>
    Pbkdf2,
}
