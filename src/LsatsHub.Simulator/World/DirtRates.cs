namespace LsatsHub.Simulator.World;

/// <summary>Rates (0..1) of the data-quality problems the real sources have; a non-zero rate yields at least one case.</summary>
public sealed record DirtRates(
    double UniqnameCaseOrWhitespace,
    double MissingEmail,
    double Renamed,
    double StaleAccount,
    double MacFormatVariance,
    double NonAsciiName,
    double QuoteOrCommaName,
    double Malformed)
{
    /// <summary>Rates that look like the real sources.</summary>
    public static DirtRates Default { get; } = new(0.03, 0.02, 0.01, 0.05, 0.2, 0.04, 0.02, 0.002);

    /// <summary>No dirt at all, for tests that need clean data.</summary>
    public static DirtRates None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
