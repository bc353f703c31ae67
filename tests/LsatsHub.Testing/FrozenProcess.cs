using System.Diagnostics;

namespace LsatsHub.Testing;

/// <summary>
/// Stops processes with SIGSTOP, so that the servers they are keep accepting connections (the kernel completes them)
/// but never answer — as a hung server or a silently dropping firewall looks to a client. Disposing resumes them
/// (SIGCONT), so a failing test never leaves a frozen server behind.
/// </summary>
public sealed class FrozenProcess : IAsyncDisposable
{
    private readonly int[] _processIds;
    private bool _resumed;

    private FrozenProcess(int[] processIds) => _processIds = processIds;

    /// <summary>Sends SIGSTOP to each of <paramref name="processIds"/>.</summary>
    /// <param name="processIds">The processes to freeze.</param>
    /// <returns>The frozen processes; dispose to resume them.</returns>
    public static async Task<FrozenProcess> FreezeAsync(params int[] processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        foreach (var processId in processIds)
        {
            await SignalAsync("-STOP", processId);
        }

        return new FrozenProcess(processIds);
    }

    /// <summary>Sends SIGCONT (once).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_resumed)
        {
            _resumed = true;
            foreach (var processId in _processIds)
            {
                await SignalAsync("-CONT", processId);
            }
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
