using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>A1 between full fetches reads only what changed since the last run's uSNChanged high-water mark.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdIncrementalTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    [Fact]
    public async Task A_change_committed_during_a_run_after_its_mark_is_read_by_that_run_or_the_next_and_incremental_runs_tombstone_nothing()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("adusn");
        var people = ldap.World.People.Where(p => p.Presence.InAd).Take(3).ToList();
        var nightly = ldap.Configuration(values => values[AdUsnSync.FullSyncDaysVariable] = "7");
        await new IngestAdUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "ad.users", configuration: nightly), CancellationToken.None);
        var first = await RunsAsync(bronze);
        first[^1]["ingestion_type"]!.GetValue<string>().Should().Be("full");
        var mark = first[^1]["usn_high_water"]!.GetValue<long>();
        var everyone = await bronze.CountAsync("SELECT count(DISTINCT external_id) FROM bronze.raw_entities");

        // Between runs: a change after the mark. During the next run (when it connects): another one, and a deletion.
        Modify(people[0], "changed between runs", mark + 1);
        var during = new ActingConnector(() =>
        {
            Modify(people[1], "changed during the run", mark + 2);
            Delete(people[2]);
        });
        await new IngestAdUsers(during).RunAsync(ldap.Context(bronze, "ad.users", configuration: nightly), CancellationToken.None);
        await new IngestAdUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "ad.users", configuration: nightly), CancellationToken.None);

        var runs = await RunsAsync(bronze);
        runs.Skip(1).Select(r => r["ingestion_type"]!.GetValue<string>()).Should().Equal("incremental", "incremental");
        runs[1]["records_processed"]!.GetValue<int>().Should().BeLessThanOrEqualTo(2, "only entries changed after the mark are read");
        runs.Skip(1).Select(r => r["deleted"]!.GetValue<int>()).Should().AllBeEquivalentTo(0, "an incremental run is not a complete fetch");
        (await Description(bronze, people[0])).Should().Be("changed between runs");
        (await Description(bronze, people[1])).Should().Be("changed during the run");
        (await bronze.CountAsync("SELECT count(DISTINCT external_id) FROM bronze.raw_entities")).Should().Be(everyone);

        var full = ldap.Configuration(values => values[AdUsnSync.FullSyncDaysVariable] = "0");
        await new IngestAdUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "ad.users", configuration: full), CancellationToken.None);

        var last = (await RunsAsync(bronze))[^1];
        last["ingestion_type"]!.GetValue<string>().Should().Be("full");
        last["deleted"]!.GetValue<int>().Should().Be(1, "the scheduled full fetch finds the deletion");
    }

    private static async Task<string?> Description(BronzeDatabase bronze, Person person) =>
        (await bronze.LatestAsync(person.AdGuid.ToString("B")))["description"]?.GetValue<string>();

    private static async Task<List<JsonObject>> RunsAsync(BronzeDatabase bronze)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>(
            "SELECT (metadata || jsonb_build_object('records_processed', records_processed))::text FROM meta.ingestion_runs WHERE source_system = 'active_directory' AND entity_type = 'user' AND status = 'completed' ORDER BY started_at");
        return rows.Select(r => JsonNode.Parse(r)!.AsObject()).ToList();
    }

    private LdapConnection Admin()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", ldap.Server.Port))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential("cn=admin,dc=adsroot,dc=itcs,dc=umich,dc=edu", File.ReadAllText(Path.Combine(ldap.Server.Folder, "rootpw")).Trim()),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind();
        return connection;
    }

    /// <summary>
    /// What a DC does on a change: the new value and the next USN. Written as delete and add of the whole entry because
    /// entries loaded with slapadd -s lack the structuralObjectClass that slapd's modify needs.
    /// </summary>
    private void Modify(Person person, string description, long usn)
    {
        using var admin = Admin();
        var dn = AdLayout.AdUserDn(person.Uniqname);
        var entry = ((SearchResponse)admin.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, "*"))).Entries[0];
        var add = new AddRequest(dn);
        foreach (DirectoryAttribute attribute in entry.Attributes.Values)
        {
            var values = attribute.Name switch
            {
                "description" => [description],
                "uSNChanged" => [usn.ToString(CultureInfo.InvariantCulture)],
                _ => attribute.GetValues(typeof(byte[])),
            };
            add.Attributes.Add(new DirectoryAttribute(attribute.Name, values));
        }

        if (!entry.Attributes.Contains("description"))
        {
            add.Attributes.Add(new DirectoryAttribute("description", description));
        }

        admin.SendRequest(new DeleteRequest(dn));
        admin.SendRequest(add);
    }

    private void Delete(Person person)
    {
        using var admin = Admin();
        admin.SendRequest(new DeleteRequest(AdLayout.AdUserDn(person.Uniqname)));
    }

    /// <summary>Runs an action when the step connects, i.e. while its run is under way.</summary>
    private sealed class ActingConnector(Action action) : ILdapConnector
    {
        private readonly LdapConnector _inner = new();

        public async Task<LdapSession> ConnectAsync(LdapSettings settings, LdapConversion conversion, CancellationToken cancellationToken)
        {
            var session = await _inner.ConnectAsync(settings, conversion, cancellationToken);
            action();
            return session;
        }
    }
}
