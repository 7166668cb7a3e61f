using System.Security.Cryptography;
using System.Text;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// Checks a client's password against the configured one in constant time: both sides are reduced to SHA-256
/// digests first, so neither the content nor the length leaks through timing. With a stored PBKDF2 hash, a
/// password once verified is remembered by its digest, so that each request does not pay the derivation again.
/// </summary>
internal sealed class PasswordVerifier
{
    /// <summary>SHA-256 of the clear password (PlainText format).</summary>
    private readonly byte[]? _plainDigest;

    /// <summary>The stored hash (Pbkdf2 format).</summary>
    private readonly Pbkdf2Hash? _stored;

    /// <summary>SHA-256 of the last password that matched <see cref="_stored"/>.</summary>
    private byte[]? _acceptedDigest;

    public PasswordVerifier(HttpGatewayOptions options)
    {
        if (!options.HasPassword)
        {
            return;
        }
        if (options.PasswordFormat == IpcPasswordFormat.Pbkdf2)
        {
            Pbkdf2Hash.TryParse(options.Password!, out _stored);
        }
        else
        {
            _plainDigest = SHA256.HashData(Encoding.UTF8.GetBytes(options.Password!));
        }
    }

    /// <summary>True when a password is required.</summary>
    public bool HasPassword => _plainDigest is not null || _stored is not null;

    /// <summary>True when <paramref name="candidate"/> is the password.</summary>
    public bool Verify(string candidate)
    {
        var bytes = Encoding.UTF8.GetBytes(candidate);
        var digest = SHA256.HashData(bytes);
        if (_plainDigest is not null)
        {
            return CryptographicOperations.FixedTimeEquals(digest, _plainDigest);
        }
        if (_stored is null)
        {
            return false;
        }
        if (Volatile.Read(ref _acceptedDigest) is { } accepted && CryptographicOperations.FixedTimeEquals(digest, accepted))
        {
            return true;
        }
        if (!_stored.Matches(bytes))
        {
            return false;
        }
        Volatile.Write(ref _acceptedDigest, digest);
        return true;
    }
}
