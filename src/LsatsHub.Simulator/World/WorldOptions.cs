namespace LsatsHub.Simulator.World;

/// <summary>What a world is generated from: the seed and scale decide everything, so two runs with equal options agree byte for byte.</summary>
/// <param name="Seed">The random seed.</param>
/// <param name="Scale">1.0 = the real university's size (docs/sources.md, Sizes at UMich); 0.002 is a small test world.</param>
public sealed record WorldOptions(int Seed, double Scale)
{
    /// <summary>How often each kind of realistic dirt occurs.</summary>
    public DirtRates Dirt { get; init; } = DirtRates.Default;

    /// <summary>The day the world describes; generated dates lie before it, document file names carry it.</summary>
    public DateOnly AsOf { get; init; } = new(2025, 3, 1);

    /// <summary>Rejects options that cannot produce a world.</summary>
    public void Validate()
    {
        if (!(Scale > 0 && Scale <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "--scale must be greater than 0 and at most 2 (1.0 = the real university).");
        }
    }
}
