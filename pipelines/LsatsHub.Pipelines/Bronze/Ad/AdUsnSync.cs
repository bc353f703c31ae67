using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// USN-based incremental reads of Active Directory (docs/bronze-incremental.md). At the start of every run the domain
/// controller's <c>highestCommittedUSN</c> is read from its root DSE, before the search, and stored with the run as its
/// high-water mark, with <c>dsServiceName</c> (USNs are per DC). The next run, if the last full fetch is younger than
/// <see cref="FullSyncDaysVariable"/> days and it talks to the same DC, asks only for <c>(uSNChanged&gt;=mark+1)</c>:
/// every change committed after the mark was read has a higher USN, so a change made while a run is under way is read
/// by that run or the next, never by neither. Incremental runs never tombstone (they are not complete); deletions are
/// found by the scheduled full fetch. A DC without these root DSE attributes, another DC, or a USN lower than the mark
/// (a restored DC) means a full fetch.
/// </summary>
internal static class AdUsnSync
{
    /// <summary>Days a full fetch (which also finds deletions) is trusted; 0 or less = always fetch everything. Default 7.</summary>
    public const string FullSyncDaysVariable = "AD_FULL_SYNC_DAYS";

    public const int DefaultFullSyncDays = 7;

    public static readonly string[] RootDseAttributes = ["highestCommittedUSN", "dsServiceName"];

    /// <summary>What the last completed run left: its mark, its DC, and when the last full fetch started.</summary>
    public sealed record Mark(long HighWater, string DomainController, string Server);

    public static int FullSyncDays(StepContext context)
    {
        var text = context.Configuration[FullSyncDaysVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultFullSyncDays;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new InvalidOperationException($"{FullSyncDaysVariable} must be a whole number of days, not '{text}'.");
    }

    /// <summary>The mark to continue from, or null when this run must fetch everything.</summary>
    public static async Task<Mark?> LoadAsync(StepContext context, BronzeEntity entity, string server, CancellationToken cancellationToken)
    {
        var metadata = await IncrementalBaseline.LoadAsync(context, entity, FullSyncDays(context), cancellationToken);
        return metadata?["usn_high_water"] is JsonValue mark && mark.TryGetValue<long>(out var highWater)
            && metadata["domain_controller"]?.GetValue<string>() is { } dc
            && metadata["ldap_server"]?.GetValue<string>() is { } previousServer && previousServer == server
            ? new Mark(highWater, dc, server)
            : null;
    }

    /// <summary>
    /// Reads the root DSE, then streams the search: from <paramref name="mark"/> on when it still applies, else all of
    /// it. <paramref name="outcome"/> receives the keys for the run record (ingestion_type, usn_high_water, ...).
    /// </summary>
    public static async IAsyncEnumerable<LdapEntry> FetchAsync(
        LdapSession session, LdapSearch search, Mark? mark, JsonObject outcome, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = await session.ReadRootDseAsync(RootDseAttributes, cancellationToken).ConfigureAwait(false);
        long? highest = long.TryParse(root.Text("highestCommittedUSN"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var usn) ? usn : null;
        var dc = root.Text("dsServiceName");
        var incremental = mark is not null && highest is { } h && h >= mark.HighWater
            && string.Equals(dc, mark.DomainController, StringComparison.OrdinalIgnoreCase);
        if (incremental)
        {
            search = search with { Filter = $"(&{search.Filter}(uSNChanged>={(mark!.HighWater + 1).ToString(CultureInfo.InvariantCulture)}))" };
        }

        // A run planned as incremental that had to read everything did not tombstone: it must not count as a full fetch.
        outcome["ingestion_type"] = incremental ? "incremental" : mark is null ? "full" : "full_without_deletions";
        outcome["search_filter"] = search.Filter;
        if (highest is not null && dc is not null)
        {
            outcome["usn_high_water"] = highest;
            outcome["domain_controller"] = dc;
        }

        await foreach (var entry in session.SearchAsync(search, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }
}
