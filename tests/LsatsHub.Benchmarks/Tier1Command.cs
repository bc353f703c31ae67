using System.CommandLine;

namespace LsatsHub.Benchmarks;

/// <summary><c>tier1</c>: the 13 tier-1 silver steps, each a full build into an empty table against a bare INSERT ... SELECT of the same columns out of the newest bronze versions (and of its already typed rows).</summary>
internal static class Tier1Command
{
    public static Command Create() => SilverSuiteCommand.Create(
        "tier1",
        new SilverSuiteCommand.Help(
            "Time every tier-1 silver step (a full build into an empty table), in wall and server CPU seconds, against a bare INSERT ... SELECT of the same columns out of the newest bronze versions (plain casts) into an unindexed copy of its table, and a bare copy of the rows it wrote.",
            "bronze",
            "measure only these steps or tables (silver.tdx_users or tdx_users); their bronze is all that is loaded"),
        async (options, cancel) => await new Tier1Suite(options).RunAsync(cancel));
}
