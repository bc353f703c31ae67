namespace LsatsHub.Simulator.Sheets;

/// <summary>Settings of the Sheets simulator.</summary>
public sealed record SheetsSimulatorOptions
{
    /// <summary>Port on 127.0.0.1 (0 = any free port).</summary>
    public int Port { get; init; }

    /// <summary>Lifetime of an issued access token (Google's is an hour; tests shorten it to force refreshes).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);
}
