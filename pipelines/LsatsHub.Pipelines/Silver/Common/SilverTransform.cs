using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using LsatsHub.Warehouse.Schema;
using Npgsql;

namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>
/// What a silver step calls to run its SQL (the silver counterpart of <see cref="BronzeIngestion"/>): one connection, one
/// transaction, a statement timeout, cancellation, the <c>meta.ingestion_runs</c> row (running → completed or failed,
/// <c>source_system</c> = <c>silver_transformation</c>), the step's counters, and errors that name the step, the SQL
/// file and the line. In a dry run the SQL runs, its counts are reported, and everything is rolled back (no run row).
/// </summary>
/// <remarks>
/// <para>
/// <b>Writing a step's SQL.</b> The file <c>&lt;StepClass&gt;.sql</c> beside the step class holds any number of
/// statements, run one after the other in one transaction (temp tables: <c>ON COMMIT DROP</c>; temp views:
/// <c>CREATE OR REPLACE TEMP VIEW</c>, as a pooled session may already have one). It uses no parameters; it reads the run's facts from the one-row temp
/// table <c>silver_step</c>: <c>run_id uuid</c> (the <c>meta.ingestion_runs</c> row; NULL in a dry run, so write it
/// into <c>ingestion_run_id</c> as is), <c>full_refresh boolean</c> (true: recompute every entity, not only those
/// whose newest bronze version the table has not taken yet) and <c>step_name text</c>. It reads bronze through the
/// view <c>bronze.latest_raw_entities</c> (newest version per entity, tombstones flagged <c>is_deleted</c>).
/// </para>
/// <para>
/// <b>Reporting counts.</b> The last statement that returns rows must return exactly one row with any of the bigint
/// columns <c>rows_read</c>, <c>inserted</c>, <c>updated</c>, <c>deleted</c> (removed or deactivated), <c>skipped</c>
/// and an optional jsonb object <c>quality</c> of counted outcomes (<c>{"unparsable_date": 2}</c>); a missing column
/// counts 0. The usual shape is a final <c>SELECT</c> of <c>count(*)</c>s over the temp tables and the
/// <c>RETURNING</c> rows of data-modifying CTEs.
/// </para>
/// <para>
/// Configuration: <see cref="FullRefreshVariable"/> (true/false, default false) and
/// <see cref="StatementTimeoutVariable"/> (seconds per statement, default 1800; 0 = none).
/// </para>
/// </remarks>
public static class SilverTransform
{
    /// <summary>The <c>source_system</c> of silver run rows (the original's).</summary>
    public const string RunSourceSystem = "silver_transformation";

    /// <summary>Configuration key: <c>true</c> makes every silver step recompute every entity.</summary>
    public const string FullRefreshVariable = "LSATS_FULL_REFRESH";

    /// <summary>Configuration key: the statement timeout of silver SQL, in seconds.</summary>
    public const string StatementTimeoutVariable = "LSATS_SILVER_STATEMENT_TIMEOUT";

    /// <summary>What the summary of a step skipped by the no-change shortcut says.</summary>
    public const string UnchangedNote = "no input changed since the last run: merge skipped";

    /// <summary>The statement timeout when none is configured.</summary>
    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs a silver step's SQL as the step.</summary>
    /// <param name="context">The step's context (database, logger, clock, dry-run flag, configuration, counters).</param>
    /// <param name="sql">The step's SQL file.</param>
    /// <param name="cancellationToken">Cancels the SQL; the transaction is rolled back.</param>
    /// <returns>The step result with the one-line summary.</returns>
    /// <exception cref="SilverTransformException">The SQL failed or did not report its counts; nothing was written.</exception>
    public static Task<StepResult> RunAsync(StepContext context, SilverSql sql, CancellationToken cancellationToken) =>
        RunAsync(context, sql, null, cancellationToken);

    /// <summary>
    /// Runs a silver step's SQL as the step, or skips it when nothing it reads or writes changed since its last
    /// successful run: the change stamps (<c>meta.table_changes</c>, bumped by statement-level triggers on the tracked
    /// tables; for bronze inputs the row count and newest <c>ingested_at</c> of the append-only
    /// <c>bronze.raw_entities</c>) of every input and output of <paramref name="step"/>, and the SQL text, all equal
    /// what that run recorded in <c>meta.step_input_stamps</c>. A table without a stamp (untracked) never skips; a full
    /// refresh and a dry run never skip. Only for steps whose result depends on nothing but their declared inputs and
    /// outputs (no clock, no undeclared table).
    /// </summary>
    /// <param name="context">The step's context.</param>
    /// <param name="sql">The step's SQL file.</param>
    /// <param name="step">The step's descriptor (its inputs and outputs are what is compared); null: never skip.</param>
    /// <param name="cancellationToken">Cancels the SQL; the transaction is rolled back.</param>
    /// <returns>The step result with the one-line summary.</returns>
    /// <exception cref="SilverTransformException">The SQL failed or did not report its counts; nothing was written.</exception>
    public static Task<StepResult> RunAsync(StepContext context, SilverSql sql, StepDescriptor? step, CancellationToken cancellationToken) =>
        RunAsync(context, sql, step, null, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync(StepContext, SilverSql, StepDescriptor?, CancellationToken)"/>, for a step whose result also
    /// depends on the clock: it skips only when its stamps are unchanged and <paramref name="stillCurrent"/>, a boolean
    /// SQL expression over the step's own output (e.g. "no stored flag computed from now() would differ now"), is true.
    /// </summary>
    /// <param name="context">The step's context.</param>
    /// <param name="sql">The step's SQL file.</param>
    /// <param name="step">The step's descriptor; null: never skip.</param>
    /// <param name="stillCurrent">A constant SQL boolean expression (no parameters) checked with the stamps; null: true.</param>
    /// <param name="cancellationToken">Cancels the SQL; the transaction is rolled back.</param>
    /// <returns>The step result with the one-line summary.</returns>
    /// <exception cref="SilverTransformException">The SQL failed or did not report its counts; nothing was written.</exception>
    public static async Task<StepResult> RunAsync(StepContext context, SilverSql sql, StepDescriptor? step, string? stillCurrent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sql);
        var fullRefresh = IsFullRefresh(context.Configuration);
        var timeout = StatementTimeout(context.Configuration);
        if (context.DryRun)
        {
            var wouldBe = await ExecuteAsync(context, sql, null, fullRefresh, timeout, null, cancellationToken);
            context.Counters.AddRead(wouldBe.RowsRead);
            return new StepResult(wouldBe.ToSummary());
        }

        var stamps = step is null ? null : new ChangeStamps(context.StepName, step, sql, stillCurrent);
        if (stamps is not null && !fullRefresh && await stamps.UnchangedAsync(context.DataSource, cancellationToken))
        {
            return await RecordSkippedAsync(context, sql, cancellationToken);
        }

        var runLog = new IngestionRunLog(context.DataSource, context.Clock);
        var runId = await runLog.StartAsync(
            RunSourceSystem,
            sql.EntityType,
            RunMetadata(context, sql, fullRefresh),
            cancellationToken);

        SilverTransformResult result;
        try
        {
            result = await ExecuteAsync(context, sql, runId, fullRefresh, timeout, stamps, cancellationToken);
        }
        catch (Exception exception)
        {
            var message = exception is OperationCanceledException ? $"{context.StepName} cancelled" : exception.Message;
            context.Logger.LogError("{Message}", message);

            // The run row must not stay 'running' even when the step was cancelled.
            await runLog.FailAsync(runId, message, CancellationToken.None);
            throw;
        }

        context.Counters.AddRead(result.RowsRead);
        context.Counters.AddWritten(result.Changed);
        var quality = new JsonObject();
        foreach (var (name, count) in result.Quality)
        {
            quality[name] = count;
        }

        await runLog.CompleteAsync(
            runId,
            result.RowsRead,
            result.Inserted,
            result.Updated,
            new JsonObject { ["deleted"] = result.Deleted, ["skipped"] = result.Skipped, ["quality"] = quality, ["dry_run"] = false },
            CancellationToken.None);
        return new StepResult(result.ToSummary());
    }

    /// <summary>Whether the configuration asks for a full refresh.</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>True for <c>true</c>/<c>1</c>/<c>yes</c>.</returns>
    public static bool IsFullRefresh(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[FullRefreshVariable]?.Trim();
        return value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    private static TimeSpan StatementTimeout(IConfiguration configuration)
    {
        var value = configuration[StatementTimeoutVariable];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultStatementTimeout;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new ArgumentException($"{StatementTimeoutVariable} must be a whole number of seconds, got '{value}'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static JsonObject RunMetadata(StepContext context, SilverSql sql, bool fullRefresh) => new()
    {
        ["pipeline_run_id"] = context.RunId.ToString(),
        ["step"] = context.StepName,
        ["attempt"] = context.Attempt,
        ["sql_file"] = sql.FileName,
        ["full_refresh"] = fullRefresh,
    };

    private static async Task<StepResult> RecordSkippedAsync(StepContext context, SilverSql sql, CancellationToken cancellationToken)
    {
        var runLog = new IngestionRunLog(context.DataSource, context.Clock);
        var runId = await runLog.StartAsync(
            RunSourceSystem,
            sql.EntityType,
            RunMetadata(context, sql, fullRefresh: false),
            cancellationToken);
        await runLog.CompleteAsync(
            runId,
            0,
            0,
            0,
            new JsonObject { ["deleted"] = 0, ["skipped"] = 0, ["quality"] = new JsonObject(), ["dry_run"] = false, ["unchanged_inputs"] = true },
            CancellationToken.None);
        // The usual counts first (nothing read, nothing written), so a summary reads the same whichever way a no-change run went.
        const string summary = "0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped (" + UnchangedNote + ")";
        context.Logger.LogInformation("{Step}: {Summary}", context.StepName, summary);
        return new StepResult(summary);
    }

    private static async Task<SilverTransformResult> ExecuteAsync(
        StepContext context,
        SilverSql sql,
        Guid? runId,
        bool fullRefresh,
        TimeSpan timeout,
        ChangeStamps? stamps,
        CancellationToken cancellationToken)
    {
        var text = sql.Text;
        var started = context.Clock.GetTimestamp();
        await using var connection = await context.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // jit off: a transform's statements evaluate dozens of inlined expressions a row, so their estimated cost passes
        // jit_above_cost and PostgreSQL spends seconds compiling them (more than the whole statement runs without it:
        // 3.4 s against 0.4 s for the ad_users source columns, tests/LsatsHub.Benchmarks tier1; issue 11).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT set_config('statement_timeout', @Timeout, true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true);
            CREATE TEMP TABLE silver_step ON COMMIT DROP AS
            SELECT @RunId::uuid AS run_id, @FullRefresh AS full_refresh, @StepName::text AS step_name;
            """,
            new
            {
                Timeout = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                RunId = runId,
                FullRefresh = fullRefresh,
                context.StepName,
            },
            transaction,
            commandTimeout: 0,
            cancellationToken: cancellationToken));

        // The inputs' stamps before the SQL reads anything: a change committed after this is newer than what is recorded,
        // so the next run merges again (never skips a change it did not see).
        var inputStamps = stamps is null || runId is null ? null : await stamps.ReadInputsAsync(connection, transaction, cancellationToken);

        // Statement by statement (never row by row): a server error position is relative to its statement, so
        // running them one at a time maps it to a line of the file.
        SilverTransformResult? result = null;
        foreach (var statement in SqlScriptSplitter.Split(text))
        {
            try
            {
                var statementStarted = context.Clock.GetTimestamp();
                await using var command = new NpgsqlCommand(statement.Text, connection, transaction) { CommandTimeout = 0 };
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (reader.FieldCount > 0)
                {
                    result = await ReadCountsAsync(reader, context.StepName, sql, cancellationToken);
                }

                await reader.CloseAsync();
                context.Logger.LogDebug(
                    "{Step}: {File} line {Line}: {Rows} rows in {Elapsed:0.000} s",
                    context.StepName,
                    sql.FileName,
                    statement.FirstLine,
                    reader.RecordsAffected,
                    context.Clock.GetElapsedTime(statementStarted).TotalSeconds);
            }
            catch (PostgresException exception) when (!cancellationToken.IsCancellationRequested)
            {
                var line = exception.Position > 0
                    ? SqlScriptSplitter.LineAt(text, statement.Offset + exception.Position - 1)
                    : statement.FirstLine;
                throw new SilverTransformException(context.StepName, sql.FileName, line, Describe(exception, timeout), exception);
            }
        }

        if (result is null)
        {
            throw new SilverTransformException(
                context.StepName, sql.FileName, null, "no statement returned the counts (the last statement must SELECT rows_read, inserted, updated, deleted, skipped)");
        }

        result = result with { DryRun = runId is null };
        if (runId is null)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            if (stamps is not null && inputStamps is not null)
            {
                await stamps.RecordAsync(connection, transaction, inputStamps, context.Clock.GetUtcNow(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        context.Logger.LogInformation(
            "{Step}: {Summary} in {Elapsed:0.00} s{FullRefresh}",
            context.StepName,
            result.ToSummary(),
            context.Clock.GetElapsedTime(started).TotalSeconds,
            fullRefresh ? " (full refresh)" : string.Empty);
        return result;
    }

    private static async Task<SilverTransformResult> ReadCountsAsync(NpgsqlDataReader reader, string stepName, SilverSql sql, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new SilverTransformException(stepName, sql.FileName, null, "the counts statement returned no row");
        }

        long Count(string column)
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) == column)
                {
                    return reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        var quality = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (reader.GetName(i) == "quality" && !reader.IsDBNull(i))
            {
                foreach (var (name, value) in JsonNode.Parse(reader.GetString(i))!.AsObject())
                {
                    var count = value?.GetValue<long>() ?? 0;
                    if (count != 0)
                    {
                        quality[name] = count;
                    }
                }
            }
        }

        var result = new SilverTransformResult
        {
            RowsRead = Count("rows_read"),
            Inserted = Count("inserted"),
            Updated = Count("updated"),
            Deleted = Count("deleted"),
            Skipped = Count("skipped"),
            Quality = quality,
        };
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new SilverTransformException(stepName, sql.FileName, null, "the counts statement returned more than one row");
        }

        return result;
    }

    private static string Describe(PostgresException exception, TimeSpan timeout) =>
        exception.SqlState == PostgresErrorCodes.QueryCanceled
            ? $"a statement ran longer than the statement timeout ({timeout.TotalSeconds:0} s, {StatementTimeoutVariable}): {exception.MessageText}"
            : $"{exception.MessageText} (SQLSTATE {exception.SqlState}){(exception.Detail is { Length: > 0 } detail ? ": " + detail : string.Empty)}";
}
