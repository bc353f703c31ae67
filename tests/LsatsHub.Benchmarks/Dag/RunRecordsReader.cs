using Dapper;
using Npgsql;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// Reads a run's figures back from the warehouse: <c>meta.pipeline_runs</c> and <c>meta.step_runs</c> (the engine's
/// records: status, times, rows in and out) and <c>meta.ingestion_runs</c> (each bronze and silver step's own row:
/// source, entity, and in <c>metadata</c> the calls and 429s it counted).
/// </summary>
public sealed class RunRecordsReader(NpgsqlDataSource dataSource)
{
    // The ingestion_runs.source_system each step family writes (Bronze/*: SourceSystem constants; silver: SilverTransform).
    private static readonly Dictionary<string, string[]> SourcesByFamily = new(StringComparer.Ordinal)
    {
        ["bronze.tdx"] = ["tdx"],
        ["bronze.ad"] = ["active_directory"],
        ["bronze.mcommunity"] = ["mcommunity_ldap"],
        ["bronze.umapi"] = ["umich_api"],
        ["bronze.documents.lab_awards"] = ["lab_awards"],
        ["bronze.documents.keyconfigure_computers"] = ["key_client"],
        ["silver"] = ["silver_transformation"],
    };

    /// <summary>The newest pipeline run started at or after <paramref name="since"/>, or null.</summary>
    public async Task<Guid?> NewestRunSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT run_id FROM meta.pipeline_runs WHERE started_at >= @since ORDER BY started_at DESC LIMIT 1",
            new { since },
            cancellationToken: cancellationToken));
    }

    /// <summary>The server's clock, so "since" compares with times the server's clients recorded.</summary>
    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition("SELECT clock_timestamp()", cancellationToken: cancellationToken));
    }

    /// <summary>Reads <paramref name="runId"/>.</summary>
    public async Task<RecordedRun> ReadAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var run = await connection.QuerySingleAsync<(string Status, DateTime StartedAt, DateTime? FinishedAt)>(new CommandDefinition(
            "SELECT status, started_at, finished_at FROM meta.pipeline_runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken));
        var steps = (await connection.QueryAsync<(string StepName, string Status, long RowsRead, long RowsWritten, DateTime? StartedAt, DateTime? FinishedAt)>(new CommandDefinition(
            """
            SELECT step_name, status, rows_read, rows_written, started_at, finished_at
            FROM meta.step_runs WHERE run_id = @runId
            ORDER BY started_at NULLS LAST, step_name
            """,
            new { runId },
            cancellationToken: cancellationToken))).ToList();
        var ingestions = (await connection.QueryAsync<Ingestion>(new CommandDefinition(
            """
            SELECT run_id AS runid, source_system AS sourcesystem, entity_type AS entitytype, started_at AS startedat,
                   completed_at AS completedat,
                   coalesce((metadata ->> 'api_calls')::bigint, 0) AS apicalls,
                   coalesce((metadata ->> 'ldap_requests')::bigint, 0) AS ldaprequests,
                   coalesce((metadata ->> 'token_requests')::bigint, 0) AS tokenrequests,
                   coalesce((metadata ->> 'rate_limited_responses')::bigint, 0) AS ratelimited
            FROM meta.ingestion_runs
            WHERE started_at >= @from AND started_at <= @to
            """,
            new { from = run.StartedAt, to = run.FinishedAt ?? DateTime.MaxValue },
            cancellationToken: cancellationToken))).ToList();

        var byStep = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        var callsByStep = new Dictionary<string, (long Calls, long RateLimited)>(StringComparer.Ordinal);
        foreach (var ingestion in ingestions)
        {
            var owner = steps
                .Where(step => step.StartedAt <= ingestion.StartedAt && (ingestion.CompletedAt ?? ingestion.StartedAt) <= (step.FinishedAt ?? DateTime.MaxValue))
                .Where(step => SourcesOf(step.StepName).Contains(ingestion.SourceSystem))
                .OrderByDescending(step => NameMatches(step.StepName, ingestion.EntityType))
                .ThenBy(step => (step.FinishedAt ?? DateTime.MaxValue) - step.StartedAt!.Value)
                .Select(step => step.StepName)
                .FirstOrDefault();
            if (owner is null)
            {
                continue;
            }

            (byStep.TryGetValue(owner, out var list) ? list : byStep[owner] = []).Add(ingestion.RunId);
            var (sent, limited) = callsByStep.GetValueOrDefault(owner);
            callsByStep[owner] = (sent + ingestion.ApiCalls, limited + ingestion.RateLimited);
        }

        var rows = steps.Select(step => new DagStepRow(
            step.StepName,
            step.Status,
            step.RowsRead,
            step.RowsWritten,
            step.StartedAt is { } from && step.FinishedAt is { } to ? (to - from).TotalSeconds : double.NaN,
            callsByStep.GetValueOrDefault(step.StepName).Calls,
            callsByStep.GetValueOrDefault(step.StepName).RateLimited)).ToList();
        var calls = new SourceCalls(
            ingestions.Where(i => i.SourceSystem == "tdx").Sum(i => i.ApiCalls),
            ingestions.Where(i => i.SourceSystem == "umich_api").Sum(i => i.ApiCalls),
            ingestions.Where(i => i.SourceSystem == "umich_api").Sum(i => i.TokenRequests),
            ingestions.Where(i => i.SourceSystem is "active_directory" or "mcommunity_ldap").Sum(i => i.LdapRequests),
            ingestions.Sum(i => i.RateLimited));
        return new RecordedRun(
            runId,
            run.Status,
            run.FinishedAt is { } finished ? (finished - run.StartedAt).TotalSeconds : double.NaN,
            rows,
            calls,
            byStep.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Guid>)pair.Value, StringComparer.Ordinal));
    }

    private sealed record Ingestion(Guid RunId, string SourceSystem, string EntityType, DateTime StartedAt, DateTime? CompletedAt, long ApiCalls, long LdapRequests, long TokenRequests, long RateLimited);

    private static string[] SourcesOf(string step)
    {
        var parts = step.Split('.');
        return SourcesByFamily.GetValueOrDefault(parts.Length > 2 ? $"{parts[0]}.{parts[1]}.{parts[2]}" : step)
               ?? SourcesByFamily.GetValueOrDefault(parts.Length > 1 ? $"{parts[0]}.{parts[1]}" : step)
               ?? SourcesByFamily.GetValueOrDefault(parts[0])
               ?? [];
    }

    // bronze.ad.users writes active_directory/user, silver.ad_users silver_transformation/ad_user: the step's last name
    // part begins with the entity type (or, bronze.ad.ous for organizational_unit, its initials). Steps running side by
    // side with the same source are told apart by it.
    private static bool NameMatches(string step, string entityType)
    {
        var last = step[(step.LastIndexOf('.') + 1)..];
        var initials = string.Concat(entityType.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => part[0]));
        return last.StartsWith(entityType, StringComparison.Ordinal) || last == initials + "s";
    }
}
