using System.CommandLine;
using LsatsHub.Simulator.Cli;

namespace LsatsHub.Simulator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("lsats-sim: the synthetic university and its source simulators (TDX, UMich API, LDAP, documents).")
        {
            GenerateCommand.Create(),
            ServeCommand.Create(),
            MutateCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
