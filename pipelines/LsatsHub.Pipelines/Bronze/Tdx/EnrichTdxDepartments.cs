using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T4: the detail call per entity. Appends a version per entity that is new or changed since its last enrichment (no call for the others);
/// the base content hash rides along so TdxDepartments's next run still sees the entity as unchanged.
/// </summary>
public sealed class EnrichTdxDepartments : IStep
{
    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public EnrichTdxDepartments(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxDepartmentsEnriched.Name,

        // Reads the versions TdxDepartments stored; the assets input orders enrichment after all three ingests, whose full fetches are cheap, before the one-call-per-entity work.
        Inputs = [Datasets.Sources.Tdx, Datasets.Bronze.TdxDepartments, Datasets.Bronze.TdxAssets],
        Outputs = [Datasets.Bronze.TdxDepartmentsEnriched],
        Layer = "bronze",
        Source = TdxEntities.SourceSystem,
        Tags = ["enrich"],
        Resources = [TdxEntities.Resource],
        Timeout = TimeSpan.FromHours(8),
        Description = "T4: the TDX account detail (GET accounts/ID) of each department that is new or changed since its last enrichment, appended to bronze tdx/department",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TdxEnrichmentRun(context, _tdx, TdxEntities.Departments, "GET accounts/{id}").RunAsync((version, ct) => _tdx.GetAccountAsync(int.Parse(version.ExternalId, System.Globalization.CultureInfo.InvariantCulture), ct), cancellationToken);
    }
}
