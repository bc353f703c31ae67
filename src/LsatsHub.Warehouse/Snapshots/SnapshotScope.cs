namespace LsatsHub.Warehouse.Snapshots;

/// <summary>
/// What a pre-silver snapshot holds: exactly what a silver rollback restores, not the whole warehouse. Bronze is
/// append-only and the bulk of the warehouse, and the daily backup already holds it; dumping it before every silver
/// run made every nightly run wait for a dump of the whole database (docs/operations.md, "Pre-silver snapshot").
/// </summary>
/// <remarks>
/// The snapshot holds every relation of <c>silver</c> (tables with their data, indexes, constraints, triggers,
/// comments and grants, and the silver views) and of <c>gold</c> (built from silver: its views would block dropping
/// the silver tables, and its contents are only right together with the silver they were built from), plus the two
/// <c>meta</c> tables that describe silver's contents and must roll back with it:
/// <c>meta.step_input_stamps</c> (what each silver step last read and wrote; left newer than the restored silver, a
/// step would skip its work and leave silver stale) and <c>meta.group_membership_inputs</c> (what each group's
/// silver.group_members rows were merged from). <c>meta.table_changes</c> is deliberately not in it: its stamps only
/// grow, so a table written after the snapshot keeps a stamp newer than anything the restored
/// <c>step_input_stamps</c> recorded, and the steps reading it run again. The silver functions are code installed by
/// <c>db init</c>/<c>db migrate</c>, not data, and stay as they are; so do the schemas themselves (no
/// <c>DROP SCHEMA</c> on restore), so a silver object created after the snapshot does not make the restore fail.
/// </remarks>
public static class SnapshotScope
{
    /// <summary>The tables described in the remarks, outside <c>silver</c> and <c>gold</c>, that roll back with silver.</summary>
    public static IReadOnlyList<string> MetaTables { get; } = ["meta.step_input_stamps", "meta.group_membership_inputs"];

    /// <summary>
    /// The pg_dump arguments selecting the snapshot's contents (<c>--table</c> patterns: every relation of silver and
    /// gold, and <see cref="MetaTables"/>).
    /// </summary>
    public static IReadOnlyList<string> PgDumpArguments { get; } =
        ["--table=silver.*", "--table=gold.*", .. MetaTables.Select(table => "--table=" + table)];
}
