using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>
/// The incremental A1 after a month of churn costs the simulated domain controller one pass over its entries at most,
/// not a pass (or an index walk of everything changed) for every page (docs/bronze-incremental.md, "The simulated DC").
/// The evidence is slapd's own: started with <c>-d 32</c> (filter), it logs the candidate IDs it works out for each
/// filter component of each search and every entry it tests against the filter.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class AdIncrementalWorkTests(LargerLdapWorld ldap) : IClassFixture<LargerLdapWorld>
{
    [Fact]
    public async Task After_a_month_the_incremental_read_gets_every_changed_user_in_one_pass_over_the_directory_not_one_per_page()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("adwork");
        var nightly = ldap.Configuration(values => values[AdUsnSync.FullSyncDaysVariable] = "7");
        await new IngestAdUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "ad.users", configuration: nightly), CancellationToken.None);
        var mark = (await RunsAsync(bronze))[^1]["usn_high_water"]!.GetValue<long>();

        await ldap.MutateAsync(new Dictionary<string, string> { ["LSATS_LDAP_AD_DEBUG"] = "32" });
        var (entries, changed) = CountLdif(ldap.AdLdif, mark);
        await new IngestAdUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "ad.users", configuration: nightly), CancellationToken.None);

        var run = (await RunsAsync(bronze))[^1];
        run["ingestion_type"]!.GetValue<string>().Should().Be("incremental");
        run["records_processed"]!.GetValue<int>().Should().Be(changed, "the incremental read returns exactly the users and computers whose uSNChanged is above the mark");
        changed.Should().BeGreaterThan(2 * 1000, "the month's changes fill several pages, which is where per-page work shows");
        run["ldap_requests"]!.GetValue<int>().Should().BeLessThanOrEqualTo((changed / 1000) + 2, "one request per page of changes and the root DSE");

        var (tested, keysMerged) = SlapdWork(Path.Combine(ldap.Server.Folder, "ad.debug"));
        tested.Should().BeGreaterThanOrEqualTo(changed, "slapd's debug log covers the run: every entry returned was tested");
        tested.Should().BeLessThanOrEqualTo(entries, "slapd tests each entry at most once over all the pages");
        keysMerged.Should().BeLessThanOrEqualTo(changed, "an index walk of every changed entry for every page is work per page proportional to the changes, not to the page");
    }

    /// <summary>Entries in the LDIF, and those among them that A1 reads (persons under OU=UMICH with a cn) changed after <paramref name="mark"/>.</summary>
    private static (int Entries, int Changed) CountLdif(string path, long mark)
    {
        int entries = 0, changed = 0;
        foreach (var block in File.ReadAllText(path).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            if (!lines.Any(l => l.StartsWith("dn:", StringComparison.Ordinal)))
            {
                continue;
            }

            entries++;
            var underUmich = lines.Any(l => l.StartsWith("dn:", StringComparison.Ordinal) && l.EndsWith(",OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu", StringComparison.OrdinalIgnoreCase));
            var person = lines.Any(l => l.Equals("objectClass: person", StringComparison.OrdinalIgnoreCase));
            var usn = lines.Where(l => l.StartsWith("uSNChanged: ", StringComparison.Ordinal)).Select(l => long.Parse(l["uSNChanged: ".Length..], CultureInfo.InvariantCulture)).FirstOrDefault();
            if (underUmich && person && lines.Any(l => l.StartsWith("cn:", StringComparison.Ordinal)) && usn > mark)
            {
                changed++;
            }
        }

        return (entries, changed);
    }

    /// <summary>
    /// From slapd's <c>-d 32</c> log: entries tested against the search filter (each outermost <c>=&gt; test_filter</c>;
    /// the nested ones test its parts), and the IDs an index walk produced for each <c>&gt;=</c> component (the
    /// <c>&lt;= mdb_filter_candidates: id=N</c> that follows a <c>GE</c> on the same thread; -1 means "not indexed").
    /// </summary>
    private static (long Tested, long KeysMerged) SlapdWork(string log)
    {
        long tested = 0, merged = 0;
        var afterGe = new HashSet<string>(StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(log))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length < 3)
            {
                continue;
            }

            var (thread, message) = (parts[1], parts[2]);
            if (message == "=> test_filter")
            {
                var level = depth.GetValueOrDefault(thread);
                tested += level == 0 ? 1 : 0;
                depth[thread] = level + 1;
            }
            else if (message.StartsWith("<= test_filter ", StringComparison.Ordinal))
            {
                depth[thread] = Math.Max(0, depth.GetValueOrDefault(thread) - 1);
            }
            else if (message == "\tGE")
            {
                afterGe.Add(thread);
            }
            else if (CandidatesLine().Match(message) is { Success: true } candidates && afterGe.Remove(thread))
            {
                merged += Math.Max(0, long.Parse(candidates.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return (tested, merged);
    }

    private static async Task<List<JsonObject>> RunsAsync(BronzeDatabase bronze)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>(
            "SELECT (metadata || jsonb_build_object('records_processed', records_processed))::text FROM meta.ingestion_runs WHERE source_system = 'active_directory' AND entity_type = 'user' AND status = 'completed' ORDER BY started_at");
        return rows.Select(r => JsonNode.Parse(r)!.AsObject()).ToList();
    }

    [GeneratedRegex(@"^<= mdb_filter_candidates: id=(-?\d+) ")]
    private static partial Regex CandidatesLine();
}
