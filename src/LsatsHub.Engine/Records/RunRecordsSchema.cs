using Npgsql;

namespace LsatsHub.Engine.Records;

/// <summary>
/// The engine's run record tables (<c>meta.pipeline_runs</c>, <c>meta.step_runs</c>), defined once in
/// the engine (embedded <c>run_records.sql</c>) so that no application has to copy their shape. The
/// application's install creates them through <see cref="EnsureAsync(NpgsqlConnection, NpgsqlTransaction?, CancellationToken)"/>;
/// a run checks that they exist and fails with <see cref="RunRecordsMissingException"/> when they do not.
/// </summary>
public static class RunRecordsSchema
{
    private const string ResourceName = "LsatsHub.Engine.Records.run_records.sql";

    /// <summary>The DDL: idempotent (<c>IF NOT EXISTS</c> throughout), one script.</summary>
    public static string Ddl { get; } = Load();

    /// <summary>Creates the schema and tables when missing; changes nothing when they exist.</summary>
    /// <param name="connection">An open connection whose role may create in schema <c>meta</c>.</param>
    /// <param name="transaction">The caller's transaction, so that an install can be all-or-nothing; or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task EnsureAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(Ddl, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates the schema and tables when missing, on a connection of its own.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EnsureAsync(connection, null, cancellationToken);
    }

    private static string Load()
    {
        using var stream = typeof(RunRecordsSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine assembly lacks its embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
