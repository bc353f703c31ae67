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
        var parsed = root.Parse(args);

        // System.CommandLine ends the process 2 s after SIGINT/SIGTERM unless the action has returned; serve needs longer
        // to stop both slapd servers, so it handles the signals itself and gets no such timeout.
        var invocation = new InvocationConfiguration();
        if (ServeCommand.IsServe(parsed))
        {
            invocation.ProcessTerminationTimeout = null;
        }

        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
