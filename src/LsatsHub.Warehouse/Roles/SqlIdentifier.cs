using System.Text.RegularExpressions;

namespace LsatsHub.Warehouse.Roles;

/// <summary>
/// The identifiers that may be substituted into roles.sql: plain lower-case names that need no quoting, so a
/// configured value can never change the meaning of the SQL around it.
/// </summary>
public static partial class SqlIdentifier
{
    /// <summary>PostgreSQL's identifier length limit (NAMEDATALEN - 1).</summary>
    public const int MaxLength = 63;

    /// <summary>Checks that <paramref name="value"/> is a plain identifier.</summary>
    /// <param name="value">The configured value.</param>
    /// <param name="what">What it names, for the message (e.g. "read-only role").</param>
    /// <returns>The value.</returns>
    /// <exception cref="WarehouseException">The value is empty, too long or has characters outside [a-z0-9_].</exception>
    public static string Require(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new WarehouseException($"The {what} name is empty.");
        }

        if (value.Length > MaxLength)
        {
            throw new WarehouseException($"The {what} name '{value}' is longer than {MaxLength} characters.");
        }

        if (!Plain().IsMatch(value))
        {
            throw new WarehouseException(
                $"The {what} name '{value}' is not a plain identifier: use lower-case letters, digits and underscores, starting with a letter or underscore.");
        }

        return value;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
