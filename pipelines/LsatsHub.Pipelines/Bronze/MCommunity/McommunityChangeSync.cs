using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>
/// <c>modifyTimestamp</c>-based incremental reads of MCommunity (docs/bronze-incremental.md), the counterpart of
/// <see cref="Ad.AdUsnSync"/>. Before its search every run takes the server's time — the suffix's <c>contextCSN</c>
/// (the time of the directory's latest change, kept by OpenLDAP's syncprov; the lowest value when several servers
/// replicate), else the root DSE's <c>currentTime</c>, else this machine's clock — and stores that time minus an
/// overlap (<see cref="OverlapMinutesVariable"/>) as its mark. The next run, while the last full fetch is younger than
/// <see cref="FullSyncDaysVariable"/> days and it talks to the same server, asks only for
/// <c>(modifyTimestamp&gt;=mark)</c>: a change committed after the time was taken carries a later modifyTimestamp, so a
/// change made while a run reads is read by that run or the next. Such runs never tombstone; deletions are found by the
/// scheduled full fetch.
/// </summary>
internal static class McommunityChangeSync
{
    /// <summary>Days a full fetch (which also finds deletions) is trusted; 0 or less = always fetch everything. Default 7.</summary>
    public const string FullSyncDaysVariable = "MCOMMUNITY_FULL_SYNC_DAYS";

    /// <summary>
    /// Minutes the mark is set back from the server's time (default 10): covers a clock difference when the time comes
    /// from this machine, and changes committed in the same second as the mark.
    /// </summary>
    public const string OverlapMinutesVariable = "MCOMMUNITY_CHANGE_OVERLAP_MINUTES";

    public const int DefaultFullSyncDays = 7;

    public const int DefaultOverlapMinutes = 10;

    /// <summary>The run-metadata key of the mark (ISO 8601, UTC) and of where its time came from.</summary>
    public const string MarkKey = "modify_timestamp_mark";

    public const string MarkSourceKey = "modify_timestamp_mark_source";

    /// <summary>What the last completed run left: the time to read changes from, on which server.</summary>
    public sealed record Mark(DateTimeOffset Since, string Server);

    public static int FullSyncDays(StepContext context) => Number(context, FullSyncDaysVariable, DefaultFullSyncDays);

    public static TimeSpan Overlap(StepContext context)
    {
        var minutes = Number(context, OverlapMinutesVariable, DefaultOverlapMinutes);
        return minutes >= 0
            ? TimeSpan.FromMinutes(minutes)
            : throw new InvalidOperationException($"{OverlapMinutesVariable} must not be negative, not {minutes}.");
    }

    /// <summary>The mark to continue from, or null when this run must fetch everything.</summary>
    public static async Task<Mark?> LoadAsync(StepContext context, BronzeEntity entity, string server, CancellationToken cancellationToken)
    {
        var metadata = await IncrementalBaseline.LoadAsync(context, entity, FullSyncDays(context), cancellationToken);
        return metadata?[MarkKey] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && metadata["ldap_server"]?.GetValue<string>() is { } previousServer && previousServer == server
            ? new Mark(since, server)
            : null;
    }

    /// <summary>
    /// Takes the server's time, then streams the search: only entries modified since <paramref name="mark"/> when there
    /// is one (split by leading <paramref name="splitAttribute"/> characters if they are more than one search returns),
    /// else all of it. <paramref name="outcome"/> receives the keys for the run record. <paramref name="reading"/>, when
    /// given, runs once the first entries have arrived (tests change the directory there, while the run reads).
    /// </summary>
    public static async IAsyncEnumerable<LdapEntry> FetchAsync(
        LdapSession session,
        LdapSearch search,
        Mark? mark,
        string suffix,
        TimeSpan overlap,
        TimeProvider clock,
        string splitAttribute,
        JsonObject outcome,
        Func<Task>? reading,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (now, source) = await ServerTimeAsync(session, suffix, clock, cancellationToken).ConfigureAwait(false);
        if (mark is not null)
        {
            // No chunking on uidNumber/gidNumber values here: that would walk the whole directory for a few changes.
            search = search with
            {
                Filter = $"(&{search.Filter}(modifyTimestamp>={mark.Since.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture)}))",
                ChunkAttribute = null,
                SplitAttribute = splitAttribute,
            };
        }

        outcome["ingestion_type"] = mark is null ? "full" : "incremental";
        outcome["search_filter"] = search.Filter;
        outcome[MarkKey] = (now - overlap).UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        outcome[MarkSourceKey] = source;

        var first = true;
        await foreach (var entry in session.SearchAsync(search, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
            if (first && reading is not null)
            {
                first = false;
                await reading().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The server's time as of now, and where it came from.</summary>
    private static async Task<(DateTimeOffset Time, string Source)> ServerTimeAsync(
        LdapSession session, string suffix, TimeProvider clock, CancellationToken cancellationToken)
    {
        // contextCSN values sort by their time; the lowest is the one no replicated change can precede.
        var context = await session.ReadEntryAsync(suffix, ["contextCSN"], cancellationToken).ConfigureAwait(false);
        if (context.Text("contextCSN") is { Length: >= 15 } csn && ParseTime(csn[..14]) is { } csnTime)
        {
            return (csnTime, "contextCSN");
        }

        var root = await session.ReadRootDseAsync(["currentTime"], cancellationToken).ConfigureAwait(false);
        if (root.Text("currentTime") is { Length: >= 14 } current && ParseTime(current[..14]) is { } currentTime)
        {
            return (currentTime, "currentTime");
        }

        return (clock.GetUtcNow(), "local_clock");
    }

    private static DateTimeOffset? ParseTime(string digits) =>
        DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    private static int Number(StepContext context, string variable, int fallback)
    {
        var text = context.Configuration[variable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidOperationException($"{variable} must be a whole number, not '{text}'.");
    }
}
