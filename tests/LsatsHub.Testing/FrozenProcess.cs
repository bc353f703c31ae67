using System.Diagnostics;

namespace LsatsHub.Testing;

/// <summary>
/// Stops a process with SIGSTOP, so that the server it is keeps accepting connections (the kernel completes them)
/// but never answers — as a hung server or a silently dropping firewall looks to a client. Disposing resumes it
/// (SIGCONT), so a failing test never leaves a frozen server behind.
/// </summary>
public sealed class FrozenProcess : IAsyncDisposable
{
    private readonly int _processId;
    private bool _resumed;

    private FrozenProcess(int processId) => _processId = processId;

    /// <summary>Sends SIGSTOP to <paramref name="processId"/>.</summary>
    /// <param name="processId">The process to freeze.</param>
    /// <returns>The frozen process; dispose to resume it.</returns>
    public static async Task<FrozenProcess> FreezeAsync(int processId)
    {
        await SignalAsync("-STOP", processId);
        return new FrozenProcess(processId);
    }

    /// <summary>Sends SIGCONT (once).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_resumed)
        {
            _resumed = true;
            await SignalAsync("-CONT", _processId);
        }
    }

    private static async Task SignalAsync(string signal, int processId)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run kill");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {processId} failed: {error}");
        }
    }
}
