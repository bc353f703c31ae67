using System.Globalization;

namespace LsatsHub.Simulator.Cli;

/// <summary>
/// With <c>LSATS_SIM_HEAP_TRACE=1</c>, a progress line per start-up step with the managed heap after a full collection
/// and the process's peak resident set, to see what holds serve's memory; off by default (a full collection per line).
/// </summary>
internal static class HeapTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("LSATS_SIM_HEAP_TRACE") == "1";

    public static void Note(string step)
    {
        if (!Enabled)
        {
            return;
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        GenerateCommand.Progress(string.Create(CultureInfo.InvariantCulture, $"heap after {step}: {heap:0} MiB managed, peak resident {PeakResidentMb():0} MiB"));
    }

    private static double PeakResidentMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
}
