using Microsoft.Extensions.Configuration;

namespace LsatsHub.Engine;

/// <summary>
/// A dataset that no step produces because it lives outside the pipeline (a source system, a file
/// drop). Declaring it lets steps read it without the graph reporting a missing producer.
/// </summary>
/// <param name="Id">The dataset.</param>
/// <param name="Description">Where it comes from, for people.</param>
public sealed record ExternalDataset(DatasetId Id, string Description)
{
    /// <summary>
    /// Checks, before a run starts, that the configuration lets the steps reading this dataset reach it (its address,
    /// its credentials). Returns the problems, each naming the setting and never a secret value; empty when there are
    /// none. Null: nothing to check. Only datasets read by a selected step are checked (<see cref="Runs.RunConfigurationCheck"/>).
    /// </summary>
    public Func<IConfiguration, IReadOnlyList<string>>? CheckConfiguration { get; init; }
}
