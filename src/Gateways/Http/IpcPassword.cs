using System.Security.Cryptography;
using System.Text;
using ActorRpc.Gateways.Http.Security;

namespace ActorRpc.Gateways.Http;

/// <summary>Makes the stored form of an IPC password for <see cref="IpcPasswordFormat.Pbkdf2"/>.</summary>
public static class IpcPassword
{
    /// <summary>The iteration count <see cref="HashPbkdf2"/> uses unless told otherwise.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>
    /// Hashes <paramref name="password"/> with PBKDF2 (HMAC-SHA-256, a random 16-byte salt, a 32-byte hash) and returns
    /// <c>pbkdf2$ITERATIONS$SALT$HASH</c> with salt and hash in Base64: the value to configure as the password with
    /// <see cref="IpcPasswordFormat.Pbkdf2"/>.
    /// </summary>
    /// <param name="password">The clear password clients will send.</param>
    /// <param name="iterations">PBKDF2 iterations (1 to 10,000,000).</param>
    public static string HashPbkdf2(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, Pbkdf2Hash.MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return new Pbkdf2Hash(iterations, salt, hash).ToString();
    }
}
