using System.CommandLine;
using LsatsHub.Runner.Commands;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner;

/// <summary>The <c>lsats-run</c> command tree.</summary>
internal static class RunnerCli
{
    /// <summary>
    /// No response files: <c>@X</c> is a selector (X, its descendants and their ancestors), and System.CommandLine
    /// would otherwise read <c>--select @bronze.tdx.users</c> as "expand the file bronze.tdx.users".
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Build(RunnerEnvironment environment)
    {
        var root = new RootCommand(
            "lsats-run — builds and keeps the LSATS warehouse: bronze ingests and silver transforms as one DAG.\n\n"
            + "Configuration comes from the environment and an env file (DATABASE_URL, TDX_*, UM_*, AD_*, MCOMMUNITY_LDAP_*, LSATS_*),\n"
            + "secrets also from $CREDENTIALS_DIRECTORY.\n\n" + ExitCodes.Describe())
        {
            RunCommand.Create(environment),
            PlanCommand.Create(environment),
            ListCommand.Create(environment),
            GraphCommand.Create(environment),
            HistoryCommand.Create(environment),
            RetryCommand.Create(environment),
            DbCommand.Create(environment),
            BackupCommand.Create(environment),
            RestoreCommand.Create(environment),
            SnapshotCommand.Create(environment),
            HealthCommand.Create(environment),
            QueueCommand.Create(environment),
            ComplianceCommand.Create(environment),
        };
        root.Options.Add(GlobalOptions.EnvFile);
        root.Options.Add(GlobalOptions.Verbose);
        return root;
    }

    public static Task<int> InvokeAsync(RunnerEnvironment environment, string[] args, CancellationToken cancellationToken = default)
    {
        var parseResult = Build(environment).Parse(args, Parsing);

        // The queue daemon's host handles SIGTERM itself (finish the running action, record it, exit 0); for every
        // other command SIGTERM cancels the command and the process ends within 30 s.
        var daemon = parseResult.CommandResult.Command.Name == "run" && parseResult.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "queue" }
            && args.Contains("--daemon", StringComparer.Ordinal);
        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            ProcessTerminationTimeout = daemon ? null : TimeSpan.FromSeconds(30),
        };
        return parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
