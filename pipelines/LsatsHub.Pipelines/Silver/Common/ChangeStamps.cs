using System.Security.Cryptography;
using System.Text;
using Dapper;
using LsatsHub.Engine;
using Npgsql;

namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>
/// The change stamps of one silver step's inputs and outputs (SilverTransform's no-change shortcut): per tracked
/// silver table its <c>meta.table_changes</c> number, per bronze input the row count and newest <c>ingested_at</c>
/// of its own slice of <c>bronze.raw_entities</c> (<see cref="BronzeSlices"/>; append-only, so a new version in the
/// slice changes them, and a write into another slice does not), plus a hash of the step's SQL, so a changed SQL
/// file runs again. A name without a stamp (an untracked table, a bronze name without a slice) is null, and null
/// never compares equal.
/// </summary>
internal sealed class ChangeStamps
{
    // One jsonb object {name: stamp} for the given names (with their bronze slices, null for a silver table). A bronze
    // stamp reads only its slice, by an index-only scan of idx_bronze_entity_lookup (entity_type, source_system, ...,
    // ingested_at), so it neither scans the whole table nor changes when another slice is written.
    private const string StampsOf =
        """
        coalesce((SELECT jsonb_object_agg(n.name,
                                          CASE WHEN n.name LIKE 'bronze.%'
                                               THEN (SELECT to_jsonb(count(*)::text || ':' || coalesce(extract(epoch FROM max(b.ingested_at))::text, ''))
                                                     FROM bronze.raw_entities b
                                                     WHERE b.entity_type = n.entity_type AND b.source_system = n.source_system
                                                     HAVING n.entity_type IS NOT NULL)
                                               ELSE to_jsonb(c.change_seq) END)
                  FROM unnest(@Names::text[], @SourceSystems::text[], @EntityTypes::text[]) n (name, source_system, entity_type)
                  LEFT JOIN meta.table_changes c ON c.table_name = n.name), '{}'::jsonb)
        """;

    private readonly string _stepName;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly string _sqlHash;
    private readonly string _stillCurrent;

    public ChangeStamps(string stepName, StepDescriptor step, SilverSql sql, string? stillCurrent = null)
    {
        _stepName = stepName;
        _stillCurrent = stillCurrent ?? "true";
        _outputs = step.Outputs.Select(output => output.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _inputs = step.Inputs.Select(input => input.Name).Except(_outputs, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _sqlHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql.Text)));
    }

    /// <summary>True when every stamp exists and equals what the step's last successful run recorded, and the step's still-current condition holds.</summary>
    public async Task<bool> UnchangedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"""
             WITH current_stamps AS (SELECT {StampsOf} || jsonb_build_object('sql', @Hash::text) AS stamps)
             SELECT coalesce(s.stamps = c.stamps, false)
                    AND NOT EXISTS (SELECT 1 FROM jsonb_each(c.stamps) e WHERE e.value = 'null'::jsonb)
                    AND ({_stillCurrent})
             FROM current_stamps c
             LEFT JOIN meta.step_input_stamps s ON s.step_name = @Step
             """,
            new { Names = _inputs.Concat(_outputs).ToArray(), SourceSystems = SourceSystems(_inputs.Concat(_outputs)), EntityTypes = EntityTypes(_inputs.Concat(_outputs)), Hash = _sqlHash, Step = _stepName },
            cancellationToken: cancellationToken));
    }

    /// <summary>The inputs' stamps now (read in the step's transaction before its SQL reads anything).</summary>
    public async Task<string> ReadInputsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            $"SELECT ({StampsOf})::text",
            new { Names = _inputs, SourceSystems = SourceSystems(_inputs), EntityTypes = EntityTypes(_inputs) },
            transaction,
            cancellationToken: cancellationToken)) ?? "{}";

    /// <summary>Records <paramref name="inputStamps"/>, the outputs' stamps after the step's writes, and the SQL hash, in the step's transaction.</summary>
    public Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string inputStamps, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
             INSERT INTO meta.step_input_stamps (step_name, stamps, recorded_at)
             SELECT @Step, @Inputs::jsonb || {StampsOf} || jsonb_build_object('sql', @Hash::text), @Now
             ON CONFLICT (step_name) DO UPDATE SET stamps = excluded.stamps, recorded_at = excluded.recorded_at
             """,
            new { Step = _stepName, Inputs = inputStamps, Names = _outputs, SourceSystems = SourceSystems(_outputs), EntityTypes = EntityTypes(_outputs), Hash = _sqlHash, Now = now },
            transaction,
            cancellationToken: cancellationToken));

    private static string?[] SourceSystems(IEnumerable<string> names) => names.Select(name => BronzeSlices.Of(name)?.SourceSystem).ToArray();

    private static string?[] EntityTypes(IEnumerable<string> names) => names.Select(name => BronzeSlices.Of(name)?.EntityType).ToArray();
}
