using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Engine;
using LsatsHub.Warehouse.Postgres;
using LsatsHub.Warehouse.Snapshots;
using Npgsql;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// pg_restore, for checking a dump (<c>--list</c> reads its whole table of contents, so a truncated
/// or foreign file fails) and for restoring one.
/// </summary>
public sealed class PgRestoreTool
{
    // "<dump id>; <catalog oid> <object oid> <type> <schema> <name> <owner>": the entries that create a relation or a
    // schema (a schema's own entry has "-" as its schema). TABLE DATA, SEQUENCE SET and SEQUENCE OWNED BY are not
    // creations and are excluded by what follows the type.
    private static readonly Regex TocEntry = new(
        @"^\d+; \d+ \d+ (?<type>MATERIALIZED VIEW|FOREIGN TABLE|TABLE|VIEW|SEQUENCE|SCHEMA) (?!DATA |SET |OWNED BY )(?<schema>\S+) (?<name>\S+)(?: |$)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private readonly string? _pgBinDirectory;

    /// <summary>Creates the tool.</summary>
    /// <param name="pgBinDirectory">The PostgreSQL bin folder; null means <c>$LSATS_PG_BINDIR</c>, else PATH.</param>
    public PgRestoreTool(string? pgBinDirectory) => _pgBinDirectory = pgBinDirectory;

    /// <summary>Reads the dump's table of contents.</summary>
    /// <param name="dumpPath">The dump.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What it holds.</returns>
    /// <exception cref="WarehouseException">The file is missing or not a readable custom-format dump.</exception>
    public async Task<DumpContents> ListAsync(string dumpPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dumpPath);
        if (!File.Exists(dumpPath))
        {
            throw new WarehouseException($"dump '{dumpPath}' does not exist.");
        }

        var pgRestore = Locate();
        var result = await RunAsync(
            Cli.Wrap(pgRestore).WithArguments(["--list", dumpPath]).WithValidation(CommandResultValidation.None),
            pgRestore,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new WarehouseException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{dumpPath}' is not a readable pg_dump archive (pg_restore --list exited with code {result.ExitCode}: {PgClientCommand.LastLines(result.StandardError)})."));
        }

        return Parse(result.StandardOutput);
    }

    /// <summary>
    /// Restores the dump with <c>--clean --if-exists</c> in one transaction, so a failing restore
    /// leaves the database as it was.
    /// </summary>
    /// <param name="dumpPath">The dump (check it with <see cref="ListAsync"/> first).</param>
    /// <param name="target">The database to restore into.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="WarehouseException">pg_restore failed; the message holds its last lines, never the password.</exception>
    public async Task RestoreAsync(string dumpPath, NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dumpPath);
        ArgumentNullException.ThrowIfNull(target);
        var pgRestore = Locate();
        var command = PgClientCommand.Create(pgRestore, target, "lsats-run restore", arguments =>
            arguments.Add("--clean").Add("--if-exists").Add("--single-transaction").Add("--exit-on-error"),
            trailing => trailing.Add(dumpPath));
        var result = await RunAsync(command, pgRestore, cancellationToken);
        if (result.ExitCode != 0)
        {
            var stderr = SecretRedactor.Redact(result.StandardError, string.IsNullOrEmpty(target.Password) ? [] : [target.Password]);
            throw new WarehouseException(string.Create(
                CultureInfo.InvariantCulture,
                $"pg_restore of '{dumpPath}' into {PostgresConnectionString.Describe(target)} failed with code {result.ExitCode}; nothing was changed (one transaction): {PgClientCommand.LastLines(stderr)}"));
        }
    }

    internal static DumpContents Parse(string listing)
    {
        string? database = null;
        var entries = 0;
        var tableData = 0;
        var silverTables = 0;
        var bronzeTables = 0;
        var createsSchemas = false;
        var relations = new List<QualifiedName>();
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(';'))
            {
                var header = line.TrimStart(';').Trim();
                if (header.StartsWith("dbname:", StringComparison.OrdinalIgnoreCase))
                {
                    database = header["dbname:".Length..].Trim();
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            entries++;
            var at = line.IndexOf(" TABLE DATA ", StringComparison.Ordinal);
            if (at >= 0)
            {
                tableData++;
                var table = line[(at + " TABLE DATA ".Length)..];
                if (table.StartsWith("silver ", StringComparison.Ordinal))
                {
                    silverTables++;
                }
                else if (table.StartsWith("bronze ", StringComparison.Ordinal))
                {
                    bronzeTables++;
                }

                continue;
            }

            var entry = TocEntry.Match(line);
            if (!entry.Success)
            {
                continue;
            }

            if (entry.Groups["type"].Value == "SCHEMA")
            {
                createsSchemas = true;
            }
            else
            {
                relations.Add(new QualifiedName(entry.Groups["schema"].Value, entry.Groups["name"].Value));
            }
        }

        return new DumpContents(database, entries, tableData, silverTables)
        {
            BronzeTableCount = bronzeTables,
            CreatesSchemas = createsSchemas,
            Relations = relations,
        };
    }

    private string Locate()
    {
        try
        {
            return PgDumpLocator.Resolve("pg_restore", _pgBinDirectory);
        }
        catch (SnapshotFailedException exception)
        {
            throw new WarehouseException(exception.Message, exception);
        }
    }

    private static async Task<BufferedCommandResult> RunAsync(Command command, string program, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteBufferedAsync(cancellationToken);
        }
        catch (Win32Exception exception)
        {
            throw new WarehouseException($"pg_restore could not be started from '{program}': {exception.Message}", exception);
        }
    }
}
