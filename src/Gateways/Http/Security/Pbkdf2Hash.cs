using System.Globalization;
using System.Security.Cryptography;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>A stored PBKDF2 (HMAC-SHA-256) password: <c>pbkdf2$ITERATIONS$SALT$HASH</c>, salt and hash in Base64.</summary>
internal sealed record Pbkdf2Hash(int Iterations, byte[] Salt, byte[] Hash)
{
    /// <summary>The prefix of the stored form.</summary>
    public const string Scheme = "pbkdf2";

    /// <summary>The most iterations accepted, so that one request cannot cost minutes of CPU.</summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>ASF's PBKDF2 parameters: a hash made by ASF's <c>hash Pbkdf2</c> command (without <c>--cryptkey</c>) is this many iterations…</summary>
    public const int AsfIterations = 10_000;

    /// <summary>…salted with ASF's default encryption key…</summary>
    public static ReadOnlySpan<byte> AsfSalt => "ArchiSteamFarm"u8;

    /// <summary>…into this many bytes, stored as their Base64 alone.</summary>
    public const int AsfHashLength = 32;

    /// <summary>Parses the stored form (ours or ASF's); returns why it is malformed, or null with <paramref name="hash"/> set.</summary>
    public static string? TryParse(string text, out Pbkdf2Hash? hash)
    {
        hash = null;
        if (!text.Contains('$', StringComparison.Ordinal) && TryParseAsf(text) is { } asf)
        {
            hash = asf;
            return null;
        }
        var parts = text.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return "with PasswordFormat Pbkdf2 the password must be a stored hash: 'pbkdf2$ITERATIONS$SALT$HASH' (see IpcPassword.HashPbkdf2), or the 44-character Base64 hash that ASF's 'hash Pbkdf2 PASSWORD' command prints.";
        }
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > MaxIterations)
        {
            return $"the PBKDF2 iteration count must be a whole number from 1 to {MaxIterations}, not '{parts[1]}'.";
        }
        byte[] salt, digest;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            digest = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return "the PBKDF2 salt and hash must be Base64.";
        }
        if (salt.Length < 8 || digest.Length < 16)
        {
            return "the PBKDF2 salt must have at least 8 bytes and the hash at least 16.";
        }
        hash = new Pbkdf2Hash(iterations, salt, digest);
        return null;
    }

    /// <summary>ASF's form: the Base64 of a 32-byte hash, nothing else (null when <paramref name="text"/> is not that).</summary>
    private static Pbkdf2Hash? TryParseAsf(string text)
    {
        Span<byte> digest = stackalloc byte[AsfHashLength + 3];
        return Convert.TryFromBase64String(text, digest, out var written) && written == AsfHashLength
            ? new Pbkdf2Hash(AsfIterations, AsfSalt.ToArray(), digest[..AsfHashLength].ToArray())
            : null;
    }

    /// <summary>True when <paramref name="password"/> derives to this hash (compared in constant time).</summary>
    public bool Matches(byte[] password) =>
        CryptographicOperations.FixedTimeEquals(Rfc2898DeriveBytes.Pbkdf2(password, Salt, Iterations, HashAlgorithmName.SHA256, Hash.Length), Hash);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(Salt)}${Convert.ToBase64String(Hash)}");
}
