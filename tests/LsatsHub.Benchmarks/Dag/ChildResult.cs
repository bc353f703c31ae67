namespace LsatsHub.Benchmarks.Dag;

/// <summary>How one child process ended and what it used.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="WallSeconds">Wall seconds from start to exit.</param>
/// <param name="CpuSeconds">User + system CPU seconds (NaN when not measured).</param>
/// <param name="PeakMemoryMb">Peak resident memory in MiB (NaN when not measured).</param>
/// <param name="MemoryMethod">How the peak was taken: <c>wait4</c> (ru_maxrss via /usr/bin/time) or <c>VmHWM</c> (polled).</param>
/// <param name="LogPath">Where its standard output and error went.</param>
public sealed record ChildResult(int ExitCode, double WallSeconds, double CpuSeconds, double PeakMemoryMb, string MemoryMethod, string LogPath);
