using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>Declarations shared by the four Active Directory steps (docs/sources.md, A1–A4).</summary>
internal static class AdSteps
{
    public const string SourceSystem = "active_directory";
    public const string SourceApi = "active_directory_ldap";
    public const string KeyAttribute = "objectGUID";

    public static StepDescriptor Descriptor(DatasetId output, string description) => new()
    {
        Name = output.Name,
        Inputs = [Datasets.Sources.ActiveDirectory],
        Outputs = [output],
        Source = "ad",
        Tags = [Tags.Ldap],
        Resources = [Resources.LdapAd],
        Description = description,
    };

    /// <summary>The metadata keys every stored AD version carries.</summary>
    public static JsonObject Metadata(LdapSettings settings, string? searchBase)
    {
        var metadata = new JsonObject
        {
            ["_change_detection"] = "content_hash_based",
            ["_ldap_server"] = settings.Server,
        };
        if (searchBase is not null)
        {
            metadata["_search_base"] = searchBase;
        }

        return metadata;
    }

    /// <summary>
    /// The whole of a single-search AD step (A1, A2, A4): one paged search of <paramref name="searchBase"/>,
    /// every entry keyed by objectGUID, a full fetch that tombstones what disappeared — or, with
    /// <paramref name="usnIncremental"/>, only what changed since the last run's USN mark while the last full fetch is
    /// recent enough (<see cref="AdUsnSync"/>; such runs tombstone nothing).
    /// </summary>
    public static async Task<StepResult> IngestSearchAsync(
        StepContext context,
        ILdapConnector ldap,
        BronzeEntity entity,
        string searchBase,
        string filter,
        IReadOnlyDictionary<string, bool> runFlags,
        CancellationToken cancellationToken,
        bool usnIncremental = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForActiveDirectory(context.Configuration);
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.ActiveDirectory);
        var metadata = Metadata(settings, searchBase);
        var search = new LdapSearch(searchBase, filter, ["*"]);
        var mark = usnIncremental ? await AdUsnSync.LoadAsync(context, entity, settings.Endpoint, cancellationToken).ConfigureAwait(false) : null;
        var outcome = new JsonObject();
        var records = source.StreamAsync(
            (session, ct) => (usnIncremental ? AdUsnSync.FetchAsync(session, search, mark, outcome, ct) : session.SearchAsync(search, ct))
                .Select(entry => LdapBronzeSource.ToRecord(entry, KeyAttribute, metadata)),
            cancellationToken);
        var runMetadata = source.RunMetadata(SourceApi, searchBase, filter);
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
