using System.Globalization;

namespace LsatsHub.Simulator.Hosting;

/// <summary>The outcome of counting one call against a limit.</summary>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset)
{
    /// <summary>Reset as TDX writes it (RFC 1123, GMT).</summary>
    public string ResetHeader => Reset.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
