using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.ad_organizational_units</c> from the newest bronze version of each AD OU (BuildAdOrganizationalUnits.sql beside this class).
/// One row per objectGUID; the table has no active flag, so an OU gone from AD is removed.
/// </summary>
public sealed class BuildAdOrganizationalUnits : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAdOrganizationalUnits>("ad_organizational_unit");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AdOrganizationalUnits.Name,
        Inputs = [Datasets.Bronze.AdOrganizationalUnits],
        Outputs = [Datasets.Silver.AdOrganizationalUnits],
        Source = "ad",
        Tags = [Tags.Tier1],
        Description = "Tier 1: Active Directory OUs with parsed hierarchy and the ingest's enrichment",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
