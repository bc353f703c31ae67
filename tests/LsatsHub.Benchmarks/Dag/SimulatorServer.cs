using System.Globalization;
using CliWrap;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// <c>lsats-sim serve</c> as a child process: the TDX and UMich API simulators and slapd for AD and MCommunity on free
/// loopback ports, serving the world folder and writing its <c>.env</c>. Stopped with SIGINT, on which serve stops its
/// slapd servers too.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _graceful;
    private readonly CancellationTokenSource _forceful;
    private readonly CommandTask<CommandResult> _task;
    private bool _stopped;

    private SimulatorServer(CommandTask<CommandResult> task, CancellationTokenSource graceful, CancellationTokenSource forceful)
    {
        _task = task;
        _graceful = graceful;
        _forceful = forceful;
    }

    /// <summary>Seconds from start until the .env was written.</summary>
    public double StartupSeconds { get; private set; }

    /// <summary>Starts serve on <paramref name="world"/> and waits (at most 30 minutes) until it wrote the .env.</summary>
    public static async Task<SimulatorServer> StartAsync(DagTools tools, string world, bool realisticRate, string databaseUrl, string logPath, CancellationToken cancellationToken)
    {
        var env = Path.Combine(world, ".env");
        File.Delete(env);
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

        var graceful = new CancellationTokenSource();
        var forceful = new CancellationTokenSource();
        var started = TimeProvider.System.GetTimestamp();
        var task = Cli.Wrap(tools.Simulator)
            .WithArguments(arguments)
            .WithEnvironmentVariables(tools.SimulatorEnvironment)
            .WithWorkingDirectory(tools.RepositoryRoot)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Write))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
            .ExecuteAsync(forceful.Token, graceful.Token);
        var server = new SimulatorServer(task, graceful, forceful);
        _ = task.Task.ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var timeout = Task.Delay(TimeSpan.FromMinutes(30), TimeProvider.System, cancellationToken);
        var first = await Task.WhenAny(ready.Task, task.Task, timeout);
        if (first != ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException(first == timeout
                ? $"lsats-sim serve did not write {env} within 30 minutes; see {logPath}"
                : $"lsats-sim serve ended before it wrote {env}; see {logPath}");
        }

        server.StartupSeconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return server;
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

    /// <summary>Stops serve (SIGINT, then after 2 minutes a kill) and waits for it; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _graceful.CancelAsync();
        _forceful.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _graceful.Dispose();
        _forceful.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lsats-sim serve (started in {StartupSeconds:0.0} s)");
}
