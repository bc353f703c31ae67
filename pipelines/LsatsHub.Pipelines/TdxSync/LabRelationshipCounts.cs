namespace LsatsHub.Pipelines.TdxSync;

/// <summary>What <see cref="SyncLabComputerRelationships"/> did, over all labs.</summary>
internal sealed class LabRelationshipCounts
{
    /// <summary>Relationships added (or, in a dry run, that would be).</summary>
    public int Added { get; set; }

    /// <summary>Relationships already there.</summary>
    public int Present { get; set; }

    /// <summary>Relationships to computers that left the lab, removed.</summary>
    public int Removed { get; set; }

    /// <summary>Calls or relationships that failed.</summary>
    public int Failed { get; set; }
}
