using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LsatsHub.Simulator.Tdx;

/// <summary>Issues and checks HS256 JWTs with an exp claim; revocation makes every earlier token invalid.</summary>
public sealed class TdxTokenService(TimeProvider time, TimeSpan lifetime)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private long _revokedBefore;
    private long _issued;

    /// <summary>A fresh token for <paramref name="subject"/>.</summary>
    public string Issue(string subject)
    {
        var now = time.GetUtcNow();
        var serial = Interlocked.Increment(ref _issued);
        var header = Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8.ToArray());
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = serial,
        }));
        return $"{header}.{payload}.{Sign(header + "." + payload)}";
    }

    /// <summary>The subject of a valid token, or null (bad signature, expired, revoked).</summary>
    public string? Validate(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0] + "." + parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(Decode(parts[1]));
        var root = payload.RootElement;
        if (root.GetProperty("exp").GetInt64() <= time.GetUtcNow().ToUnixTimeSeconds() || root.GetProperty("jti").GetInt64() <= Interlocked.Read(ref _revokedBefore))
        {
            return null;
        }

        return root.GetProperty("sub").GetString();
    }

    /// <summary>Invalidates every token issued so far (the "401 although not expired" case).</summary>
    public void RevokeAll() => Interlocked.Exchange(ref _revokedBefore, Interlocked.Read(ref _issued));

    private string Sign(string data) => Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data)));

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
