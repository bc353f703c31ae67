using System.Globalization;
using LsatsHub.Engine.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LsatsHub.Runner.Configuration;

/// <summary>The runner's own settings, parsed and validated once at start-up.</summary>
internal sealed record RunnerSettings
{
    /// <summary>Variables whose values are secrets wherever they appear.</summary>
    public static readonly IReadOnlyList<string> SecretVariables =
    [
        "TDX_BEID", "TDX_WEB_SERVICES_KEY", "TDX_PASSWORD", "TDX_API_TOKEN", "UM_CLIENT_SECRET",
        "AD_PASSWORD", "MCOMMUNITY_LDAP_PASSWORD", "LSATS_READONLY_PASSWORD",
    ];

    private NpgsqlConnectionStringBuilder? _database;

    public required string SnapshotDirectory { get; init; }

    public required string LogDirectory { get; init; }

    public required IReadOnlyDictionary<string, int> ResourceLimits { get; init; }

    public required int MaxParallel { get; init; }

    public string? PgBinDirectory { get; init; }

    /// <summary>Every secret value known to this run, so error texts can be scrubbed of them.</summary>
    public required IReadOnlyList<string> Secrets { get; init; }

    public bool HasDatabase => _database is not null;

    /// <summary>The warehouse connection; commands that need it fail clearly when DATABASE_URL is missing.</summary>
    public NpgsqlConnectionStringBuilder Database => _database
        ?? throw new ConfigurationException("DATABASE_URL is not set: give the warehouse as postgresql://user@host:port/database or as a keyword connection string (in the environment or the env file).");

    public static RunnerSettings From(IConfiguration configuration)
    {
        var database = ParseDatabase(configuration["DATABASE_URL"]);
        var secrets = SecretVariables.Select(name => configuration[name]).Append(database?.Password)
            .Where(value => !string.IsNullOrEmpty(value)).Select(value => value!).Distinct(StringComparer.Ordinal).ToArray();
        return new RunnerSettings
        {
            _database = database,
            SnapshotDirectory = NonEmpty(configuration["LSATS_SNAPSHOT_DIR"]) ?? "/var/backups/lsats",
            LogDirectory = NonEmpty(configuration["LSATS_LOG_DIR"]) ?? "/var/log/lsats",
            ResourceLimits = ParseResourceLimits(NonEmpty(configuration["LSATS_RESOURCE_LIMITS"])),
            MaxParallel = ParsePositive("LSATS_MAX_PARALLEL", NonEmpty(configuration["LSATS_MAX_PARALLEL"])) ?? Environment.ProcessorCount,
            PgBinDirectory = NonEmpty(configuration["LSATS_PG_BINDIR"]),
            Secrets = secrets,
        };
    }

    /// <summary>Parses <c>tdx-api=1,ldap-ad=2</c>; <c>tdx-api</c> defaults to 1 because TDX rate-limits per account.</summary>
    internal static IReadOnlyDictionary<string, int> ParseResourceLimits(string? text)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal) { ["tdx-api"] = 1 };
        if (text is null)
        {
            return limits;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            {
                throw new ConfigurationException($"LSATS_RESOURCE_LIMITS: '{pair}' is not RESOURCE=N with N ≥ 1 (example: tdx-api=1,ldap-ad=2).");
            }

            limits[parts[0]] = limit;
        }

        return limits;
    }

    private static NpgsqlConnectionStringBuilder? ParseDatabase(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return PostgresConnectionString.Parse(value);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"DATABASE_URL is malformed: {exception.Message}", exception);
        }
    }

    private static int? ParsePositive(string variable, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new ConfigurationException($"{variable} must be a whole number ≥ 1, not '{text}'.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
