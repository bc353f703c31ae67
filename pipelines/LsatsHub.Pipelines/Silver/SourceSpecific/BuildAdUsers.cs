using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.ad_users</c> from the newest bronze version of each AD person that is not a computer (BuildAdUsers.sql beside this class).
/// One row per objectGUID; the table has no active flag, so an account gone from AD is removed.
/// </summary>
public sealed class BuildAdUsers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAdUsers>("ad_user");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AdUsers.Name,
        Inputs = [Datasets.Bronze.AdUsers],
        Outputs = [Datasets.Silver.AdUsers],
        Source = "ad",
        Tags = [Tags.Tier1],
        Description = "Tier 1: Active Directory user accounts (computers excluded), typed, with OU columns and lower-cased uniqnames",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
