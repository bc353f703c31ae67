using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T2: active TDX people into <c>tdx/user</c>, keyed by <c>ExternalID</c>, found by searching
/// (<c>POST people/search</c>, 200 account ids per call) for users whose default account is one of the departments T1
/// stored. A full fetch: users no longer found get a tombstone. A user without ExternalID is a bad record.
/// </summary>
public sealed class IngestTdxUsers : IStep
{
    /// <summary>Account ids per people search (TDX's practical limit).</summary>
    public const int AccountsPerSearch = 200;

    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public IngestTdxUsers(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxUsers.Name,

        // Reads the department ids T1 stored.
        Inputs = [Datasets.Sources.Tdx, Datasets.Bronze.TdxDepartments],
        Outputs = [Datasets.Bronze.TdxUsers],
        Source = TdxEntities.SourceSystem,
        Tags = [Tags.Ingest],
        Resources = [Resources.TdxApi],
        Description = "T2: active TDX people of T1's departments (POST people/search) into bronze tdx/user, with tombstones",
    };

    /// <inheritdoc />
    public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var departmentIds = await ReadDepartmentIdsAsync(context, cancellationToken);
        if (departmentIds.Count == 0)
        {
            // An empty list would make the full fetch empty and tombstone every user.
            throw new InvalidOperationException(
                $"No TDX departments in bronze ({TdxEntities.Departments}); {Datasets.Bronze.TdxDepartments.Name} must run first.");
        }

        var batches = departmentIds.Chunk(AccountsPerSearch).ToArray();
        var metadata = new TdxRunMetadata(_tdx);
        return await BronzeIngestion.RunAsync(
            context,
            TdxEntities.Users,
            FetchAsync(batches, cancellationToken),
            new BronzeWriteOptions
            {
                CompleteFullFetch = true,
                RunMetadata = metadata.Start(new JsonObject
                {
                    ["ingestion_type"] = "full_fetch",
                    ["source_api"] = "POST people/search",
                    ["total_departments"] = departmentIds.Count,
                    ["total_batches"] = batches.Length,
                    ["batch_size"] = AccountsPerSearch,
                }),
                CompletionMetadata = metadata.Completion,
            },
            cancellationToken);
    }

    private static async Task<IReadOnlyList<int>> ReadDepartmentIdsAsync(StepContext context, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<int>();
        await foreach (var version in new LatestVersions(context.DataSource).ReadAsync(TdxEntities.Departments, cancellationToken))
        {
            var active = version.RawData["IsActive"] is JsonValue flag && flag.TryGetValue<bool>(out var isActive) && isActive;
            if (active && TdxJson.IntKey(version.RawData, "ID") is { } id)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    private async IAsyncEnumerable<BronzeRecordOrError> FetchAsync(int[][] batches, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
        {
            // One user at a time from the response: a search answers thousands (megabytes at university scale).
            await foreach (var user in _tdx.StreamPeopleByAccountsAsync(batch, isActive: true, cancellationToken))
            {
                if (user is not JsonObject record)
                {
                    yield return BronzeRecordOrError.Bad(null, "people search returned a non-object");
                }
                else if (TdxJson.Key(record, "ExternalID") is { } externalId)
                {
                    yield return BronzeRecordOrError.Ok(new BronzeRecord(externalId, record));
                }
                else
                {
                    yield return BronzeRecordOrError.Bad(null, $"user UID {TdxJson.Key(record, "UID") ?? "(none)"} has no ExternalID");
                }
            }
        }
    }
}
