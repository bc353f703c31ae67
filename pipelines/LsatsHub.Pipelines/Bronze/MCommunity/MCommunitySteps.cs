using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>Declarations shared by the two MCommunity steps (docs/sources.md, M1–M2).</summary>
internal static class MCommunitySteps
{
    public const string SourceSystem = "mcommunity_ldap";
    public const string SourceApi = "mcommunity_ldap";

    /// <summary>
    /// The share of bad records an incremental run tolerates: a handful of changed entries may include one without its
    /// key (counted and logged as in a full fetch), which the default 1 % would turn into a failed run; a feed broken
    /// throughout still fails.
    /// </summary>
    public const double IncrementalMaxBadRecordShare = 0.5;

    public static StepDescriptor Descriptor(DatasetId output, string description) => new()
    {
        Name = output.Name,
        Inputs = [Datasets.Sources.MCommunity],
        Outputs = [output],
        Source = "mcommunity",
        Tags = [Tags.Ldap],
        Resources = [Resources.LdapMCommunity],
        Description = description,
    };

    public static JsonObject Metadata(LdapSettings settings, string searchBase) => new()
    {
        ["_change_detection"] = "content_hash_based",
        ["_ldap_server"] = settings.Server,
        ["_search_base"] = searchBase,
    };

    /// <summary>
    /// The whole of an MCommunity step: a full fetch (chunked, tombstoning what disappeared) when the last one is older
    /// than MCOMMUNITY_FULL_SYNC_DAYS, else only the entries modified since the last run's mark
    /// (<see cref="McommunityChangeSync"/>), split by leading <paramref name="splitAttribute"/> characters when they are
    /// more than one search returns.
    /// </summary>
    public static async Task<StepResult> IngestAsync(
        StepContext context,
        ILdapConnector ldap,
        BronzeEntity entity,
        string relativeBase,
        LdapSearch search,
        string keyAttribute,
        string splitAttribute,
        IReadOnlyDictionary<string, bool> runFlags,
        Func<Task>? reading,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForMcommunity(context.Configuration);
        var searchBase = relativeBase + "," + settings.SearchBase;
        search = search with { BaseDn = searchBase };
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.Mcommunity);
        var metadata = Metadata(settings, searchBase);
        var mark = await McommunityChangeSync.LoadAsync(context, entity, settings.Endpoint, cancellationToken).ConfigureAwait(false);
        var overlap = McommunityChangeSync.Overlap(context);
        var outcome = new JsonObject();
        var records = source.StreamAsync(
            (session, ct) => McommunityChangeSync.FetchAsync(session, search, mark, settings.SearchBase, overlap, context.Clock, splitAttribute, outcome, reading, ct)
                .Select(entry => LdapBronzeSource.ToRecord(entry, keyAttribute, metadata)),
            cancellationToken);
        var runMetadata = source.RunMetadata(SourceApi, searchBase, search.Filter);
        runMetadata["ingestion_type"] = mark is null ? "full" : "incremental";
        foreach (var (flag, value) in runFlags)
        {
            runMetadata[flag] = value;
        }

        return await BronzeIngestion.RunAsync(
            context,
            entity,
            records,
            new BronzeWriteOptions
            {
                CompleteFullFetch = mark is null,
                MaxBadRecordShare = mark is null ? new BronzeWriteOptions().MaxBadRecordShare : IncrementalMaxBadRecordShare,
                RunMetadata = runMetadata,
                CompletionMetadata = () =>
                {
                    var completion = source.CompletionMetadata();
                    foreach (var (key, value) in outcome)
                    {
                        completion[key] = value?.DeepClone();
                    }

                    return completion;
                },
            },
            cancellationToken).ConfigureAwait(false);
    }
}
