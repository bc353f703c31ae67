using System.Security.Cryptography;
using System.Text;

namespace LsatsHub.Warehouse.Roles;

/// <summary>
/// Computes a PostgreSQL SCRAM-SHA-256 password verifier on the client, so the plain password never reaches the
/// server, its logs or any statement text (ALTER ROLE accepts a verifier in place of a password).
/// </summary>
public static class ScramVerifier
{
    /// <summary>PostgreSQL's default SCRAM iteration count.</summary>
    public const int Iterations = 4096;

    /// <summary>Computes the verifier with a fresh random salt.</summary>
    /// <param name="password">The password: printable ASCII (SASLprep leaves those unchanged).</param>
    /// <returns><c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>.</returns>
    /// <exception cref="WarehouseException">The password is empty or not printable ASCII.</exception>
    public static string Create(string password) => Create(password, RandomNumberGenerator.GetBytes(16), Iterations);

    /// <summary>Computes the verifier for a given salt (for tests against published vectors).</summary>
    /// <param name="password">The password: printable ASCII.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="iterations">The iteration count.</param>
    /// <returns><c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>.</returns>
    public static string Create(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (string.IsNullOrEmpty(password))
        {
            throw new WarehouseException("The read-only role password is empty.");
        }

        if (password.Any(c => c is < ' ' or > '~'))
        {
            // Other characters need SASLprep normalisation, which .NET does not provide.
            throw new WarehouseException("The read-only role password must consist of printable ASCII characters.");
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
