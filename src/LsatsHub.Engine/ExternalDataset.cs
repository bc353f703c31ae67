namespace LsatsHub.Engine;

/// <summary>
/// A dataset that no step produces because it lives outside the pipeline (a source system, a file
/// drop). Declaring it lets steps read it without the graph reporting a missing producer.
/// </summary>
/// <param name="Id">The dataset.</param>
/// <param name="Description">Where it comes from, for people.</param>
public sealed record ExternalDataset(DatasetId Id, string Description);
