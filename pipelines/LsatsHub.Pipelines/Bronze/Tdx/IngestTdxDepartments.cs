using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T1: every active TDX account (<c>GET accounts</c>) into <c>tdx/department</c>, keyed by <c>ID</c>. A full fetch each
/// time (the endpoint has no date filter, so a ModifiedDate pre-filter would save no call): changed accounts get a new
/// version, accounts no longer returned get a tombstone.
/// </summary>
public sealed class IngestTdxDepartments : IStep
{
    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public IngestTdxDepartments(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxDepartments.Name,
        Inputs = [Datasets.Sources.Tdx],
        Outputs = [Datasets.Bronze.TdxDepartments],
        Source = TdxEntities.SourceSystem,
        Tags = [Tags.Ingest],
        Resources = [Resources.TdxApi],
        Description = "T1: TDX accounts (GET accounts) into bronze tdx/department, with tombstones for vanished accounts",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = new TdxRunMetadata(_tdx);
        return BronzeIngestion.RunAsync(
            context,
            TdxEntities.Departments,
            FetchAsync(cancellationToken),
            new BronzeWriteOptions
            {
                CompleteFullFetch = true,
                RunMetadata = metadata.Start(new JsonObject { ["ingestion_type"] = "full_fetch", ["source_api"] = "GET accounts" }),
                CompletionMetadata = metadata.Completion,
            },
            cancellationToken);
    }

    private async IAsyncEnumerable<BronzeRecordOrError> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One account at a time from the response, as the other TDX bronze searches (memory bounded by one record).
        await foreach (var account in _tdx.StreamAccountsAsync(cancellationToken))
        {
            yield return TdxJson.Key(account, "ID") is { } id && account is JsonObject record
                ? BronzeRecordOrError.Ok(new BronzeRecord(id, record))
                : BronzeRecordOrError.Bad(null, "account without an ID");
        }
    }
}
