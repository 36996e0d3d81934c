using System.Security.Cryptography;

namespace Gavel.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA256, OWASP's 2023 parameters (600,000 iterations, 16-byte salt, 32-byte key). The
/// iteration count is stored in each hash, so hashes made with another count still verify and can be
/// rehashed on the next sign-in.
/// </summary>
public sealed class PasswordHasher(int iterations = PasswordHasher.OwaspIterations)
{
    public const int OwaspIterations = 600_000;
    private const int SaltSize = 16;
    private const int KeySize = 32;
    private const string Scheme = "pbkdf2-sha256";

    public int Iterations { get; } = iterations;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, KeySize);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public bool Verify(string password, string hash)
    {
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1
            || !TryFromBase64(parts[2], out var salt) || !TryFromBase64(parts[3], out var expected))
        {
            // An account that cannot sign in (imported history, demo bidders: "!imported-no-sign-in") must take as long
            // to refuse as an unknown email or a wrong password, or the answer's speed tells which emails exist.
            VerifyAgainstDummy(password);
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public bool NeedsRehash(string hash) => !hash.StartsWith($"{Scheme}${Iterations}$", StringComparison.Ordinal);

    /// <summary>Spends the same time as a real verification, so an unknown email answers as slowly as a known one.</summary>
    public void VerifyAgainstDummy(string password) =>
        Verify(password, $"{Scheme}${Iterations}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written) && written > 0)
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
