using System.Globalization;
using CliWrap;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// Runs a tool (lsats-run, lsats-sim) as a child process with its output in a log file, measuring its wall time and,
/// through <c>/usr/bin/time</c>, its CPU time and peak resident memory: <c>ru_maxrss</c> of the rusage that
/// <c>wait4</c> returns for exactly that child (its own peak, or a waited-for grandchild's such as pg_dump when larger).
/// Without <c>/usr/bin/time</c> the child's <c>VmHWM</c> (the kernel's high-water mark of its resident set) is read
/// from /proc every 100 ms until it exits, and CPU time is not measured.
/// </summary>
public sealed class ChildProcess(IReadOnlyDictionary<string, string?> environment, string workingDirectory)
{
    private const string TimeProgram = "/usr/bin/time";

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> to its end.</summary>
    public async Task<ChildResult> RunAsync(string program, IReadOnlyList<string> arguments, string logPath, CancellationToken cancellationToken)
    {
        var measured = File.Exists(TimeProgram);
        var timeFile = logPath + ".time";
        var command = measured
            ? Cli.Wrap(TimeProgram).WithArguments(["-f", "%e %U %S %M", "-o", timeFile, program, .. arguments])
            : Cli.Wrap(program).WithArguments(arguments);
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var sync = new object();
        void Write(string line)
        {
            lock (sync)
            {
                log.WriteLine(line);
            }
        }

        var started = TimeProvider.System.GetTimestamp();
        var task = command
            .WithEnvironmentVariables(environment)
            .WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Write))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
            .ExecuteAsync(cancellationToken);
        double polledPeakKb = double.NaN;
        if (!measured)
        {
            while (!task.Task.IsCompleted)
            {
                polledPeakKb = Math.Max(double.IsNaN(polledPeakKb) ? 0 : polledPeakKb, ReadHighWaterMarkKb(task.ProcessId));
                await Task.WhenAny(task.Task, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken));
            }
        }

        var result = await task;
        var wall = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        if (!measured)
        {
            return new ChildResult(result.ExitCode, wall, double.NaN, polledPeakKb / 1024, "VmHWM", logPath);
        }

        // "%e %U %S %M": the last line (time writes "Command exited with non-zero status N" above it).
        var figures = (await File.ReadAllLinesAsync(timeFile, cancellationToken)).Last(line => line.Length > 0).Split(' ');
        var cpu = Parse(figures[1]) + Parse(figures[2]);
        return new ChildResult(result.ExitCode, wall, cpu, Parse(figures[3]) / 1024, "wait4", logPath);
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static double ReadHighWaterMarkKb(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]);
        }
        catch (IOException)
        {
            return 0; // it exited between the check and the read
        }
    }
}
