using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T5: the detail call per entity. Appends a version per entity that is new or changed since its last enrichment (no call for the others);
/// the base content hash rides along so TdxUsers's next run still sees the entity as unchanged.
/// </summary>
public sealed class EnrichTdxUsers : IStep
{
    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public EnrichTdxUsers(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxUsersEnriched.Name,

        // Reads the versions TdxUsers stored; the department enrichment input keeps the T4 → T5 → T6 order so one enrichment at a time spends the rate limit.
        Inputs = [Datasets.Sources.Tdx, Datasets.Bronze.TdxUsers, Datasets.Bronze.TdxDepartmentsEnriched],
        Outputs = [Datasets.Bronze.TdxUsersEnriched],
        Layer = "bronze",
        Source = TdxEntities.SourceSystem,
        Tags = ["enrich"],
        Resources = [TdxEntities.Resource],
        Timeout = TimeSpan.FromHours(8),
        Description = "T5: the TDX person detail (GET people/UID) of each user that is new or changed since its last enrichment, appended to bronze tdx/user",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TdxEnrichmentRun(context, _tdx, TdxEntities.Users, "GET people/{uid}").RunAsync((version, ct) => TdxJson.Key(version.RawData, "UID") is { } uid ? _tdx.GetPersonAsync(uid, ct) : throw new InvalidOperationException($"tdx/user {version.ExternalId} has no UID to enrich by."), cancellationToken);
    }
}
