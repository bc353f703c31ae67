using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// <c>lsats-sim serve</c> as a child process: the TDX and UMich API simulators and slapd for AD and MCommunity on free
/// loopback ports, serving the world folder and writing its <c>.env</c>. Stopped with SIGTERM, on which serve stops its
/// slapd servers too; whatever slapd of the world still runs after serve ended (serve killed) is stopped as well, so no
/// slapd outlives the suite or the folder it deletes.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _forceful;
    private readonly CommandTask<CommandResult> _task;
    private readonly string _ldapScript;
    private readonly string _ldapFolder;
    private bool _stopped;

    private SimulatorServer(CommandTask<CommandResult> task, CancellationTokenSource forceful, string ldapScript, string ldapFolder)
    {
        _task = task;
        _forceful = forceful;
        _ldapScript = ldapScript;
        _ldapFolder = ldapFolder;
    }

    /// <summary>Seconds from start until the .env was written.</summary>
    public double StartupSeconds { get; private set; }

    /// <summary>Starts serve on <paramref name="world"/> and waits (at most 30 minutes) until it wrote the .env.</summary>
    public static async Task<SimulatorServer> StartAsync(DagTools tools, string world, bool realisticRate, string databaseUrl, string logPath, CancellationToken cancellationToken)
    {
        // The .env of the last serve stays: serve reads its ports from it to answer on the same addresses again (a
        // restart after mutate), and readiness is serve's "wrote .env" line, not the file.
        var env = Path.Combine(world, ".env");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var sync = new object();
        void Write(string line)
        {
            lock (sync)
            {
                log.WriteLine(line);
            }

            if (line.StartsWith("wrote ", StringComparison.Ordinal) && line.Contains(".env", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        List<string> arguments = ["serve", "--out", world, "--database-url", databaseUrl];
        if (!realisticRate)
        {
            arguments.Add("--no-rate-limit");
        }

        var forceful = new CancellationTokenSource();
        var started = TimeProvider.System.GetTimestamp();
        var task = Cli.Wrap(tools.Simulator)
            .WithArguments(arguments)
            .WithEnvironmentVariables(tools.SimulatorEnvironment)
            .WithWorkingDirectory(tools.RepositoryRoot)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Write))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
            .ExecuteAsync(forceful.Token);
        var server = new SimulatorServer(task, forceful, Path.Combine(tools.RepositoryRoot, "ops", "dev", "ldap.sh"), Path.Combine(world, "ldap-server", "slapd"));
        _ = task.Task.ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var timeout = Task.Delay(TimeSpan.FromMinutes(30), TimeProvider.System, cancellationToken);
        var first = await Task.WhenAny(ready.Task, task.Task, timeout);
        if (first != ready.Task)
        {
            var what = first == task.Task ? $"ended (exit {(await task).ExitCode}) before it wrote {env}" : $"did not write {env} within 30 minutes";
            await server.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();

            // The suite deletes its work folder when it fails, this log with it: what serve said goes into the message.
            throw new InvalidOperationException($"lsats-sim serve {what}; the end of {logPath}:{Environment.NewLine}{await TailAsync(logPath, 25)}");
        }

        server.StartupSeconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return server;
    }

    private static async Task<string> TailAsync(string path, int lines)
    {
        try
        {
            var all = await File.ReadAllLinesAsync(path);
            return string.Join(Environment.NewLine, all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(not readable: {exception.Message})";
        }
    }

    /// <summary>
    /// serve's peak resident memory so far in MiB: <c>VmHWM</c> of its process (the kernel's high-water mark; slapd
    /// runs in processes of its own and is not included); NaN when it cannot be read (serve ended).
    /// </summary>
    public double ReadPeakMemoryMb()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_task.ProcessId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// Stops serve (SIGTERM, then after 2 minutes a kill), waits for it, then stops any slapd of the world still running;
    /// a second call does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;

        // SIGTERM, not SIGINT: a process started from a shell's background job inherits SIGINT ignored, .NET keeps it
        // ignored, and serve would never hear it (its slapd servers then outlived the kill 2 minutes later).
        await Cli.Wrap("kill").WithArguments(["-s", "TERM", _task.ProcessId.ToString(CultureInfo.InvariantCulture)])
            .WithValidation(CommandResultValidation.None).ExecuteAsync();
        _forceful.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // Killed after the grace period; the slapd servers are stopped below.
        }

        _forceful.Dispose();

        // serve stops both slapd servers before it exits; a killed serve could not, and its slapd servers are daemons,
        // not children that the kill reached.
        if (Directory.Exists(_ldapFolder))
        {
            var stop = await Cli.Wrap("bash").WithArguments([_ldapScript, "stop"])
                .WithEnvironmentVariables(new Dictionary<string, string?> { ["LSATS_LDAP_DIR"] = _ldapFolder })
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            if (stop.ExitCode != 0)
            {
                throw new InvalidOperationException($"{_ldapScript} stop failed for {_ldapFolder} (exit {stop.ExitCode}): {stop.StandardError}");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lsats-sim serve (started in {StartupSeconds:0.0} s)");
}
