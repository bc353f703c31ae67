using System.CommandLine;

namespace LsatsHub.Benchmarks;

/// <summary><c>tier2</c>: the tier-2 silver steps, each built into empty tables and rerun unchanged, against a bare INSERT ... SELECT of their rows.</summary>
internal static class Tier2Command
{
    public static Command Create() => SilverSuiteCommand.Create(
        "tier2",
        new SilverSuiteCommand.Help(
            "Time every tier-2 silver step (a build into empty tables, then a run with nothing changed) against a bare INSERT ... SELECT of its rows, wall and server CPU.",
            "bronze and tier 1",
            "measure only these steps or tables (the others still run once, for the steps after them)"),
        async (options, cancel) => await new Tier2Suite(options).RunAsync(cancel));
}
