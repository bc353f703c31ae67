using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.group_members</c> and <c>silver.group_owners</c>: every member and owner of every group in
/// <c>silver.groups</c>, resolved to a uniqname or a group id, set-based; stale rows removed. Incremental by content:
/// only the groups whose lists changed, and those with a value that a group added, removed or moved elsewhere resolves
/// differently, are merged again (<c>meta.group_membership_inputs</c>); a full refresh, a first run, or outputs written
/// by anyone else merge every group (BuildGroupMemberships.sql beside this class has the rules). One step for both
/// tables: they are parsed from the same lists by the same rules.
/// </summary>
public sealed class BuildGroupMemberships : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildGroupMemberships>("group_relationships");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.GroupMembers.Name,
        Inputs = [Datasets.Silver.Groups],
        Outputs = [Datasets.Silver.GroupMembers, Datasets.Silver.GroupOwners],
        Tags = [Tags.Tier2],
        Description = "Tier 2: group members and owners resolved from the member and owner lists of the groups that changed; stale rows removed",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
