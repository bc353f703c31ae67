using System.CommandLine;
using LsatsHub.Benchmarks;
using LsatsHub.Benchmarks.Dag;

// One command per suite: `tier1` and `tier2` time each silver step of their tier against a bare INSERT ... SELECT of
// its rows; `dag` runs the whole pipeline as operators do and sets each step beside its COPY / INSERT ... SELECT limit;
// `ldap-read` times the full AD and MCommunity reads of a served world (S.DS.P alone, the whole connector).
var root = new RootCommand("LSATS Hub benchmarks: our time against the set-based limit, on the same machine in the same run.")
{
    Tier1Command.Create(),
    Tier2Command.Create(),
    DagCommand.Create(),
    LdapReadCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
