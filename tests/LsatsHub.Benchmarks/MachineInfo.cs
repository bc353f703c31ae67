using System.Runtime.InteropServices;

namespace LsatsHub.Benchmarks;

/// <summary>Where the figures were taken, so a figure is never quoted without its machine.</summary>
/// <param name="Processors">Logical processors.</param>
/// <param name="MemoryGiB">Physical memory in GiB.</param>
/// <param name="LoadAverage">The 1-minute load average when measuring started (other work on the machine).</param>
/// <param name="Os">Operating system.</param>
/// <param name="PostgresVersion">The server's version.</param>
public sealed record MachineInfo(int Processors, double MemoryGiB, double LoadAverage, string Os, string PostgresVersion)
{
    /// <summary>This machine, and <paramref name="postgresVersion"/>.</summary>
    public static MachineInfo Current(string postgresVersion)
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        double load = double.NaN;
        if (File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            load = parsed;
        }

        return new MachineInfo(Environment.ProcessorCount, Math.Round(memory, 1), load, RuntimeInformation.OSDescription, postgresVersion);
    }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Processors} cores, {MemoryGiB:0} GiB, load {LoadAverage:0.0}, PostgreSQL {PostgresVersion}");
}
