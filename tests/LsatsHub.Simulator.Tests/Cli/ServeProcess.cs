using System.Diagnostics;
using System.Globalization;
using LsatsHub.Testing;

namespace LsatsHub.Simulator.Tests.Cli;

/// <summary>
/// The built <c>lsats-sim</c> as a child process, run from the repository (so serve finds ops/dev/ldap.sh). Started
/// through <c>env --default-signal</c>: a test host launched from a background job has SIGINT ignored, which its children
/// would inherit, and the test is about what serve does when it hears the signal.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly Task<string> _output;

    private ServeProcess(Process process, Task<string> output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Runs <c>lsats-sim ARGS</c> to its end and returns its exit code and output.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>Exit code and output.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments, new Dictionary<string, string>());
        var output = ReadAllAsync(process, ready: null);
        await process.WaitForExitAsync().WaitAsync(Guard);
        return (process.ExitCode, await output);
    }

    /// <summary>Starts <c>lsats-sim serve --out FOLDER</c> and waits until it wrote the folder's .env.</summary>
    /// <param name="folder">The world folder.</param>
    /// <param name="environment">Variables added to serve's environment (ldap.sh inherits them).</param>
    /// <returns>The running serve.</returns>
    public static async Task<ServeProcess> StartAsync(string folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Start(["serve", "--out", folder, "--scale", "0.002", "--seed", "7", "--no-rate-limit", "--database-url", "postgresql://nobody@127.0.0.1:1/none"], environment ?? new Dictionary<string, string>());
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = ReadAllAsync(process, ready);
        var first = await Task.WhenAny(ready.Task, process.WaitForExitAsync()).WaitAsync(Guard);
        if (first != ready.Task)
        {
            var text = await output;
            process.Dispose();
            throw new InvalidOperationException($"lsats-sim serve ended before it wrote its .env: {text}");
        }

        return new ServeProcess(process, output);
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM, STOP...) to <paramref name="processId"/>.</summary>
    /// <param name="signal">The signal's name.</param>
    /// <param name="processId">The process.</param>
    /// <returns>A task.</returns>
    public static async Task SignalAsync(string signal, int processId)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(processId.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("could not run kill");
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {processId} failed: {error}");
        }
    }

    /// <summary>Sends <paramref name="signal"/> and waits until serve has exited; returns its exit code and output.</summary>
    /// <param name="signal">INT or TERM.</param>
    /// <returns>Exit code and output.</returns>
    public async Task<(int ExitCode, string Output)> StopAsync(string signal)
    {
        await SignalAsync(signal, _process.Id);
        await _process.WaitForExitAsync().WaitAsync(Guard);
        return (_process.ExitCode, await _output);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Start(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("env")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lsats-sim"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start lsats-sim");
    }

    private static async Task<string> ReadAllAsync(Process process, TaskCompletionSource? ready)
    {
        var text = new System.Text.StringBuilder();
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }

                if (line.StartsWith("wrote ", StringComparison.Ordinal) && line.Contains(".env", StringComparison.Ordinal))
                {
                    ready?.TrySetResult();
                }
            }
        }

        await Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        return text.ToString();
    }
}
