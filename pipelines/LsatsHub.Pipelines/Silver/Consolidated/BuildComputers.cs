using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.computers</c> and <c>silver.computer_groups</c> (BuildComputers.sql beside this class): one row per machine,
/// its TDX asset (computer form), KeyConfigure record and AD object matched by MAC, then serial, then name; owners and
/// departments looked up in <c>silver.users</c> and <c>silver.departments</c>; the AD group memberships resolved against
/// <c>silver.groups</c>. Every run re-merges every machine from all its sources and writes only what changed.
/// </summary>
public sealed class BuildComputers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildComputers>("computers_consolidated");

    /// <summary>
    /// The one input besides the declared tables is the clock: has_recent_activity is last_seen within 90 days of now()
    /// (BuildComputers.sql). With unchanged inputs the merge would change a row only where that flag, as stored, differs
    /// from what now() gives, so the step skips only when no stored flag has aged out.
    /// </summary>
    internal const string StillCurrent =
        "NOT EXISTS (SELECT 1 FROM silver.computers WHERE has_recent_activity IS DISTINCT FROM coalesce(last_seen > now() - interval '90 days', false))";

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.Computers.Name,
        Inputs =
        [
            Datasets.Silver.TdxAssets, Datasets.Silver.KeyConfigureComputers, Datasets.Silver.AdComputers,
            Datasets.Silver.Users, Datasets.Silver.Departments, Datasets.Silver.Groups,
        ],
        Outputs = [Datasets.Silver.Computers, Datasets.Silver.ComputerGroups],
        Tags = [Tags.Tier2],
        Description = "Tier 2: computers matched across TDX, KeyConfigure and AD (MAC, serial, name), with their AD groups",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, StillCurrent, cancellationToken);
}
