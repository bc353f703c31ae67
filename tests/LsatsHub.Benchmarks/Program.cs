using System.CommandLine;
using LsatsHub.Benchmarks;
using LsatsHub.Benchmarks.Dag;

// One command per suite: `tier1` times the tier-1 silver steps against a bare INSERT ... SELECT of their rows. Later
// suites (the full DAG of issue 15) are further subcommands writing the same report shape.
var root = new RootCommand("LSATS Hub benchmarks: our time against the set-based limit, on the same machine in the same run.")
{
    Tier1Command.Create(),
    Tier2Command.Create(),
    DagCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
