using System.DirectoryServices.Protocols;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.MCommunity;
using LsatsHub.Pipelines.Tests.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Bronze.MCommunity;

/// <summary>M1 and M2 between full fetches read only what was modified since the last run's modifyTimestamp mark.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MCommunityIncrementalTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    [Fact]
    public async Task After_a_month_and_changes_made_while_a_run_reads_incremental_runs_miss_nothing_a_full_fetch_would_find()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomincr");
        // No overlap: the test must fail if the mark were taken after reading rather than before.
        var nightly = ldap.Configuration(values =>
        {
            values[McommunityChangeSync.FullSyncDaysVariable] = "7";
            values[McommunityChangeSync.OverlapMinutesVariable] = "0";
        });
        var users = LdapStepCase.For("mcommunity.users");
        var before = users.Slice(ldap);
        await new IngestMCommunityUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, users.Name, configuration: nightly), CancellationToken.None);

        await ldap.MutateAsync();
        var after = users.Slice(ldap);
        var (created, changed, _, _) = Ldif.Diff(before, after, users.Key, users.Entity.HashFields!);
        var previous = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in before)
        {
            previous[entry.Dn] = entry.Projection(users.Entity.HashFields!);
        }

        var changedUids = after.Where(e => !previous.TryGetValue(e.Dn, out var was) || was != e.Projection(users.Entity.HashFields!)).Select(e => e.First("uid")).ToHashSet();
        var quiet = ldap.World.People.Where(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity && !changedUids.Contains(p.Uniqname)).Take(2).ToList();
        // While the next run reads: two changes a second apart, so the second one's time is later than the first's.
        var step = new IngestMCommunityUsers(new LdapConnector())
        {
            WhileReading = async () =>
            {
                Rename(quiet[0], "Changed While-Reading");
                await Task.Delay(1_100);
                Rename(quiet[1], "Changed Later");
            },
        };
        await step.RunAsync(ldap.Context(bronze, users.Name, configuration: nightly), CancellationToken.None);
        await new IngestMCommunityUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, users.Name, configuration: nightly), CancellationToken.None);

        var runs = await RunsAsync(bronze, "user");
        runs.Select(r => r["ingestion_type"]!.GetValue<string>()).Should().Equal("full", "incremental", "incremental");
        runs.Select(r => r[McommunityChangeSync.MarkSourceKey]!.GetValue<string>()).Should().AllBe("contextCSN");
        runs[1]["written"]!.GetValue<int>().Should().Be((int)(created + changed), "the month's changes and only they are read");
        runs[1]["records_processed"]!.GetValue<int>().Should().BeLessThan(before.Count / 4, "an incremental run reads what changed, not the directory");
        runs.Skip(1).Select(r => r["deleted"]!.GetValue<int>()).Should().AllBeEquivalentTo(0, "an incremental run is not a complete fetch");
        (await DisplayName(bronze, quiet[0])).Should().Be("Changed While-Reading");
        (await DisplayName(bronze, quiet[1])).Should().Be("Changed Later");

        var full = ldap.Configuration(values => values[McommunityChangeSync.FullSyncDaysVariable] = "0");
        await new IngestMCommunityUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, users.Name, configuration: full), CancellationToken.None);

        var last = (await RunsAsync(bronze, "user"))[^1];
        last["ingestion_type"]!.GetValue<string>().Should().Be("full");
        last["written"]!.GetValue<int>().Should().Be(0, "the incremental runs left nothing for a full fetch to find");
    }

    [Fact]
    public async Task A_group_modified_between_runs_is_the_only_one_an_incremental_run_reads()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomincrgroups");
        var nightly = ldap.Configuration(values => values[McommunityChangeSync.FullSyncDaysVariable] = "7");
        var groups = LdapStepCase.For("mcommunity.groups");
        await new IngestMCommunityGroups(new LdapConnector()).RunAsync(ldap.Context(bronze, groups.Name, configuration: nightly), CancellationToken.None);
        var group = groups.Slice(ldap)[0];

        Modify(group.Dn, "description", "changed between runs");
        await new IngestMCommunityGroups(new LdapConnector()).RunAsync(ldap.Context(bronze, groups.Name, configuration: nightly), CancellationToken.None);

        var runs = await RunsAsync(bronze, "group");
        runs.Select(r => r["ingestion_type"]!.GetValue<string>()).Should().Equal("full", "incremental");
        runs[1]["written"]!.GetValue<int>().Should().Be(1);
        (await bronze.LatestAsync(group.First("gidNumber")!))["description"]!.GetValue<string>().Should().Be("changed between runs");
    }

    private static async Task<string?> DisplayName(BronzeDatabase bronze, Person person) =>
        (await bronze.LatestAsync(person.UidNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)))["displayName"]?.GetValue<string>();

    private static async Task<List<JsonObject>> RunsAsync(BronzeDatabase bronze, string entityType)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT (metadata || jsonb_build_object('records_processed', records_processed, 'written', records_created + records_updated))::text
            FROM meta.ingestion_runs WHERE source_system = 'mcommunity_ldap' AND entity_type = @entityType AND status = 'completed' ORDER BY started_at
            """,
            new { entityType });
        return rows.Select(r => JsonNode.Parse(r)!.AsObject()).ToList();
    }

    private void Rename(Person person, string displayName) => Modify(AdLayout.McommunityPersonDn(person.Uniqname), "displayName", displayName);

    /// <summary>A change as the server makes it: slapd stamps modifyTimestamp and moves the suffix's contextCSN.</summary>
    private void Modify(string dn, string attribute, string value)
    {
        using var admin = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", ldap.Server.McommunityPort))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential("cn=admin,dc=umich,dc=edu", File.ReadAllText(Path.Combine(ldap.Server.Folder, "rootpw")).Trim()),
        };
        admin.SessionOptions.ProtocolVersion = 3;
        admin.Bind();
        admin.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, attribute, value));
    }
}
