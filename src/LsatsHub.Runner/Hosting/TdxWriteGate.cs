using LsatsHub.Connectors.Tdx;
using LsatsHub.Runner.Configuration;
using Npgsql;

namespace LsatsHub.Runner.Hosting;

/// <summary>
/// Where every TDX-writing command applies <see cref="TdxWritePolicy"/>: prints the environment it is about to write to,
/// refuses a live production run that the policy forbids (exit 2, nothing ran), and after a completed dry run against
/// production remembers it in <c>meta.tdx_production_dry_runs</c>, so the live run may follow within 24 hours.
/// </summary>
internal static class TdxWriteGate
{
    /// <summary>Prints the environment and throws when the command may not run.</summary>
    /// <param name="session">The command's session.</param>
    /// <param name="target">The tenant.</param>
    /// <param name="command">The command's name in the policy table.</param>
    /// <param name="dryRun">True when nothing will be written.</param>
    /// <param name="production">True when <c>--production</c> was given.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ConfigurationException">The policy refuses; the message says what to do.</exception>
    public static async Task EnterAsync(CommandSession session, TdxWriteTarget target, string command, bool dryRun, bool production, CancellationToken cancellationToken)
    {
        await session.Environment.Out.WriteLineAsync(target.Describe(command, dryRun));
        DateTimeOffset? last = null;
        if (target.IsProduction && !dryRun && production)
        {
            await using var connection = await session.DataSource.OpenConnectionAsync(cancellationToken);
            await using var select = new NpgsqlCommand("SELECT completed_at FROM meta.tdx_production_dry_runs WHERE command = $1 AND base_url = $2", connection);
            select.Parameters.Add(new NpgsqlParameter { Value = command });
            select.Parameters.Add(new NpgsqlParameter { Value = target.BaseUrl });
            last = await select.ExecuteScalarAsync(cancellationToken) is DateTime completed ? new DateTimeOffset(completed, TimeSpan.Zero) : null;
        }

        if (TdxWritePolicy.Refusal(command, target, dryRun, production, last, session.Environment.Clock.GetUtcNow()) is { } refusal)
        {
            throw new ConfigurationException(refusal);
        }
    }

    /// <summary>Records a completed dry run against production; does nothing for a sandbox or a live run.</summary>
    /// <param name="session">The command's session.</param>
    /// <param name="target">The tenant.</param>
    /// <param name="command">The command's name in the policy table.</param>
    /// <param name="dryRun">True when the run was a dry run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async Task CompletedAsync(CommandSession session, TdxWriteTarget target, string command, bool dryRun, CancellationToken cancellationToken)
    {
        if (!dryRun || !target.IsProduction)
        {
            return;
        }

        await using var connection = await session.DataSource.OpenConnectionAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO meta.tdx_production_dry_runs (command, base_url, completed_at) VALUES ($1, $2, $3)
            ON CONFLICT (command) DO UPDATE SET base_url = EXCLUDED.base_url, completed_at = EXCLUDED.completed_at
            """,
            connection);
        upsert.Parameters.Add(new NpgsqlParameter { Value = command });
        upsert.Parameters.Add(new NpgsqlParameter { Value = target.BaseUrl });
        upsert.Parameters.Add(new NpgsqlParameter { Value = session.Environment.Clock.GetUtcNow() });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
