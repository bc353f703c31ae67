using Dapper;
using Npgsql;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// The physical limit of each step's writes, in the warehouse the steps wrote (same server, same data, same run):
/// <list type="bullet">
/// <item>bronze: the versions a step wrote (its <c>meta.ingestion_runs</c> rows' <c>bronze.raw_entities</c> rows) are
/// copied out in PostgreSQL's binary COPY format to a file, then that file is streamed into
/// <c>COPY ... FROM STDIN (FORMAT binary)</c> of a bare copy of <c>bronze.raw_entities</c> (same columns, defaults and
/// generated <c>entity_hash</c>; no index, key or constraint); the COPY FROM is timed. The bronze steps' own write is
/// the same binary COPY into a staging table followed by one set-based insert, so this is the bound it approaches.</item>
/// <item>silver: <c>INSERT INTO bare SELECT * FROM table</c> for each table the step writes, into a copy with columns
/// and defaults only.</item>
/// </list>
/// Each limit runs <c>runs</c> times into an emptied table; the median is reported.
/// </summary>
public sealed class LimitMeasurer(NpgsqlDataSource dataSource, string workFolder, int runs)
{
    private const string BareRaw = "benchmark.raw_entities_bare";
    private const string BareSilver = "benchmark.silver_bare";

    /// <summary>The bronze limit of every bronze step of <paramref name="first"/> that wrote versions.</summary>
    public async Task<IReadOnlyList<LimitFigure>> BronzeAsync(RecordedRun first, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS benchmark; DROP TABLE IF EXISTS {BareRaw}; CREATE TABLE {BareRaw} (LIKE bronze.raw_entities INCLUDING DEFAULTS INCLUDING GENERATED)");
        var columns = string.Join(", ", await connection.QueryAsync<string>(
            """
            SELECT quote_ident(attname) FROM pg_attribute
            WHERE attrelid = 'bronze.raw_entities'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
            ORDER BY attnum
            """));
        var file = Path.Combine(workFolder, "limit.copy");
        var figures = new List<LimitFigure>();
        foreach (var step in first.Steps.Where(step => step.Step.StartsWith("bronze.", StringComparison.Ordinal) && step.RowsWritten > 0))
        {
            if (!first.IngestionRuns.TryGetValue(step.Step, out var ingestionRuns))
            {
                continue;
            }

            var ids = ingestionRuns.ToArray();
            await using (var output = File.Create(file))
            await using (var copy = await connection.BeginRawBinaryCopyAsync(
                $"COPY (SELECT {columns} FROM bronze.raw_entities WHERE ingestion_run_id IN ({string.Join(", ", ids.Select(id => $"'{id}'"))})) TO STDOUT (FORMAT binary)",
                cancellationToken))
            {
                await copy.CopyToAsync(output, cancellationToken);
            }

            var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM bronze.raw_entities WHERE ingestion_run_id = ANY(@ids)", new { ids }, cancellationToken: cancellationToken));
            var seconds = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                await connection.ExecuteAsync($"TRUNCATE {BareRaw}");
                await using var input = File.OpenRead(file);
                var started = TimeProvider.System.GetTimestamp();
                await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {BareRaw} ({columns}) FROM STDIN (FORMAT binary)", cancellationToken))
                {
                    await input.CopyToAsync(copy, cancellationToken);
                }

                seconds.Add(TimeProvider.System.GetElapsedTime(started).TotalSeconds);
            }

            figures.Add(new LimitFigure(step.Step, rows, step.Seconds, seconds));
        }

        File.Delete(file);
        await connection.ExecuteAsync($"DROP TABLE IF EXISTS {BareRaw}");
        return figures;
    }

    /// <summary>The silver limit of every silver step of <paramref name="first"/> whose tables hold rows.</summary>
    public async Task<IReadOnlyList<LimitFigure>> SilverAsync(RecordedRun first, IReadOnlyDictionary<string, IReadOnlyList<string>> tablesByStep, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS benchmark");
        var figures = new List<LimitFigure>();
        foreach (var step in first.Steps.Where(step => step.Step.StartsWith("silver.", StringComparison.Ordinal)))
        {
            var tables = new List<string>();
            foreach (var table in tablesByStep.GetValueOrDefault(step.Step) ?? [])
            {
                if (await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table }))
                {
                    tables.Add(table);
                }
            }

            var rows = 0L;
            foreach (var table in tables)
            {
                rows += await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
            }

            if (rows == 0)
            {
                continue;
            }

            var seconds = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var total = 0.0;
                foreach (var table in tables)
                {
                    await connection.ExecuteAsync($"DROP TABLE IF EXISTS {BareSilver}; CREATE TABLE {BareSilver} (LIKE {table} INCLUDING DEFAULTS)");
                    var started = TimeProvider.System.GetTimestamp();
                    await connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {BareSilver} SELECT * FROM {table}", cancellationToken: cancellationToken));
                    total += TimeProvider.System.GetElapsedTime(started).TotalSeconds;
                }

                seconds.Add(total);
            }

            figures.Add(new LimitFigure(step.Step, rows, step.Seconds, seconds));
        }

        await connection.ExecuteAsync($"DROP TABLE IF EXISTS {BareSilver}");
        return figures;
    }
}
