using System.Globalization;
using LsatsHub.Warehouse.Operations;
using LsatsHub.Warehouse.Postgres;
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

    private const string HealthMaxAgeVariable = "LSATS_HEALTH_MAX_AGE";

    private NpgsqlConnectionStringBuilder? _database;

    public required string SnapshotDirectory { get; init; }

    public required string LogDirectory { get; init; }

    public required ResourceLimitSettings ResourceLimits { get; init; }

    public required int MaxParallel { get; init; }

    public string? PgBinDirectory { get; init; }

    /// <summary>Where the daily backups go (LSATS_BACKUP_DIR); the pre-silver snapshots may share it.</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>How long daily backups are kept (LSATS_BACKUP_RETENTION_DAYS, default 7).</summary>
    public required TimeSpan BackupRetention { get; init; }

    /// <summary>A second folder (NFS mount) each backup is copied to (LSATS_BACKUP_COPY_DIR).</summary>
    public string? BackupCopyDirectory { get; init; }

    /// <summary>A shell command each backup is handed to as $1 (LSATS_BACKUP_COPY_COMMAND).</summary>
    public string? BackupCopyCommand { get; init; }

    /// <summary>Allowed age of the last completed ingestion (LSATS_HEALTH_MAX_AGE, default 36h).</summary>
    public required TimeSpan HealthMaxAge { get; init; }

    /// <summary>Per-source ages from LSATS_HEALTH_MAX_AGE_&lt;SOURCE&gt; (e.g. LSATS_HEALTH_MAX_AGE_ACTIVE_DIRECTORY=8d).</summary>
    public required IReadOnlyDictionary<string, TimeSpan> HealthMaxAgeBySource { get; init; }

    /// <summary>Allowed age of the newest daily backup (LSATS_HEALTH_BACKUP_MAX_AGE, default 26h).</summary>
    public required TimeSpan HealthBackupMaxAge { get; init; }

    /// <summary>Allowed age of the ticket-queue daemon's last poll (LSATS_HEALTH_DAEMON_MAX_AGE; null = 30 min, checked only once it polled).</summary>
    public TimeSpan? HealthDaemonMaxAge { get; init; }

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
            BackupDirectory = NonEmpty(configuration["LSATS_BACKUP_DIR"]) ?? "/var/backups/lsats",
            BackupRetention = TimeSpan.FromDays(ParsePositive("LSATS_BACKUP_RETENTION_DAYS", NonEmpty(configuration["LSATS_BACKUP_RETENTION_DAYS"])) ?? 7),
            BackupCopyDirectory = NonEmpty(configuration["LSATS_BACKUP_COPY_DIR"]),
            BackupCopyCommand = NonEmpty(configuration["LSATS_BACKUP_COPY_COMMAND"]),
            HealthMaxAge = ParseDuration(HealthMaxAgeVariable, configuration[HealthMaxAgeVariable]) ?? TimeSpan.FromHours(36),
            HealthMaxAgeBySource = ParseSourceAges(configuration),
            HealthBackupMaxAge = ParseDuration("LSATS_HEALTH_BACKUP_MAX_AGE", configuration["LSATS_HEALTH_BACKUP_MAX_AGE"]) ?? TimeSpan.FromHours(26),
            HealthDaemonMaxAge = ParseDuration("LSATS_HEALTH_DAEMON_MAX_AGE", configuration["LSATS_HEALTH_DAEMON_MAX_AGE"]),
            Secrets = secrets,
        };
    }

    /// <summary>
    /// Parses <c>tdx-api=1,ldap-ad=2,*=3</c>; <c>tdx-api</c> defaults to 1 because TDX rate-limits per account, and
    /// <c>*</c> (any resource not named) to 4.
    /// </summary>
    internal static ResourceLimitSettings ParseResourceLimits(string? text)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal) { ["tdx-api"] = 1 };
        var defaultLimit = 4;
        if (text is null)
        {
            return new ResourceLimitSettings(limits, defaultLimit);
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            {
                throw new ConfigurationException($"LSATS_RESOURCE_LIMITS: '{pair}' is not RESOURCE=N with N ≥ 1 (example: tdx-api=1,ldap-ad=2,*=4).");
            }

            if (parts[0] == "*")
            {
                defaultLimit = limit;
            }
            else
            {
                limits[parts[0]] = limit;
            }
        }

        return new ResourceLimitSettings(limits, defaultLimit);
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

    private static TimeSpan? ParseDuration(string variable, string? text)
    {
        if (NonEmpty(text) is not { } value)
        {
            return null;
        }

        return DurationText.TryParse(value, out var duration)
            ? duration
            : throw new ConfigurationException($"{variable} must be a duration such as 36h, 8d or 1d12h, not '{value}'.");
    }

    private static Dictionary<string, TimeSpan> ParseSourceAges(IConfiguration configuration)
    {
        var prefix = HealthMaxAgeVariable + "_";
        var ages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length && ParseDuration(key, value) is { } age)
            {
                ages[HealthOptions.SourceKey(key[prefix.Length..])] = age;
            }
        }

        return ages;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
