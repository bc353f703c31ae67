using Npgsql;

namespace LsatsHub.Warehouse.Postgres;

/// <summary>
/// Accepts a connection string in either form operators use: a URL
/// (<c>postgresql://user:password@host:5432/db?sslmode=require</c>, as in <c>DATABASE_URL</c>)
/// or Npgsql's keyword form (<c>Host=...;Username=...</c>).
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Converts either form into a validated Npgsql builder.</summary>
    /// <param name="value">A URL or a keyword connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="FormatException">The value is neither form. The message never contains the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("The database connection string is empty.");
        }

        var trimmed = value.Trim();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(trimmed);
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(trimmed);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"The database connection string is neither a postgresql:// URL nor a keyword string ({exception.Message.Split('\n')[0]}).");
        }
    }

    /// <summary>Describes a connection without its password: <c>user@host:port/database</c>.</summary>
    /// <param name="builder">The connection.</param>
    /// <returns>A string safe to log.</returns>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException("The database URL is not a valid URL (expected postgresql://user:password@host:port/database).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(uri.Host) ? "localhost" : uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            if (separator >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            ApplyQueryParameter(builder, key, parameter);
        }

        return builder;
    }

    private static void ApplyQueryParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new FormatException($"The database URL has an unknown sslmode '{value}'."),
                };
                break;
            case "host":
                builder.Host = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                throw new FormatException($"The database URL has a parameter this tool does not understand: '{key}'.");
        }
    }
}
