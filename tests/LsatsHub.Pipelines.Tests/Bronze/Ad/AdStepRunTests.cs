using Dapper;
using LsatsHub.Connectors;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

public sealed class AdStepRunTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    [Theory]
    [InlineData("ad.users")]
    [InlineData("ad.groups")]
    [InlineData("ad.ous")]
    [InlineData("ad.computers")]
    public async Task The_first_run_inserts_every_entry_the_directory_holds_and_a_rerun_inserts_nothing(string name)
    {
        var step = LdapStepCase.For(name);
        await using var bronze = await BronzeDatabase.CreateAsync(name.Replace('.', '_'));
        var slice = step.Slice(ldap);
        var good = slice.Count(e => step.Key(e) is not null);
        var bad = slice.Count - good;

        var first = await step.Create().RunAsync(ldap.Context(bronze, name), CancellationToken.None);
        var second = await step.Create().RunAsync(ldap.Context(bronze, name), CancellationToken.None);

        good.Should().BeGreaterThan(0);
        first.Summary.Should().Be(LdapStepCase.Expected(good, 0, 0, 0, bad));
        second.Summary.Should().Be(LdapStepCase.Expected(0, 0, good, 0, bad));
        (await bronze.CountAsync($"SELECT count(*) FROM bronze.raw_entities WHERE source_system = 'active_directory' AND entity_type = '{step.Entity.EntityType}'")).Should().Be(good);
    }

    [Fact]
    public async Task A_user_version_is_keyed_by_its_guid_text_and_stores_normalised_text_values()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("aduserrecord");
        var person = ldap.World.People.First(p => p.Presence.InAd);

        await new IngestAdUsers(new Connectors.Ldap.LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.ad.users"), CancellationToken.None);

        var raw = await bronze.LatestAsync(person.AdGuid.ToString("B"));
        raw["cn"]!.GetValue<string>().Should().Be(person.Uniqname);
        raw["objectSid"]!.GetValue<string>().Should().Be(Simulator.World.AdLayout.Sid(person.AdRid));
        raw["uidNumber"]!.GetValue<string>().Should().Be(person.UidNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        raw["accountExpires"]!.GetValue<string>().Should().Be("9999-12-31T23:59:59.999999+00:00");
        raw["dn"]!.GetValue<string>().Should().BeEquivalentTo(Simulator.World.AdLayout.AdUserDn(person.Uniqname), "DNs compare case-insensitively");
        raw["_search_base"]!.GetValue<string>().Should().Be(IngestAdUsers.SearchBase);
        raw["_content_hash"]!.GetValue<string>().Should().HaveLength(64);
    }

    [Fact]
    public async Task Ou_child_counts_come_from_the_computers_and_ous_fetched_on_the_same_connection()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("adouenrich");
        var ldif = Ldif.Read(ldap.AdLdif);
        var computersByParent = ldif.Where(e => e.Is("computer")).GroupBy(e => OuEnrichment.ParentDn(e.Dn), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var unit = LdapStepCase.For("ad.ous").Slice(ldap).First(e => computersByParent.ContainsKey(e.Dn));
        var childOus = ldif.Count(e => e.Is("organizationalUnit") && string.Equals(OuEnrichment.ParentDn(e.Dn), unit.Dn, StringComparison.OrdinalIgnoreCase));

        await new IngestAdOrganizationalUnits(new Connectors.Ldap.LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.ad.ous"), CancellationToken.None);

        var raw = await bronze.LatestAsync(new Guid(Convert.FromBase64String(unit.First("objectGUID")!)).ToString("B"));
        raw["_direct_computer_count"]!.GetValue<int>().Should().Be(computersByParent[unit.Dn]);
        raw["_has_computer_children"]!.GetValue<bool>().Should().BeTrue();
        raw["_child_ou_count"]!.GetValue<int>().Should().Be(childOus);
        raw["_ou_hierarchy"]!.AsArray().Select(v => v!.GetValue<string>()).First().Should().Be(unit.First("ou"));
        raw["_parent_ou"]!.GetValue<string>().Should().BeEquivalentTo(OuEnrichment.ParentDn(unit.Dn));
        raw["_search_base_origin"]!.GetValue<string>().Should().BeOneOf(IngestAdOrganizationalUnits.ResearchBase, IngestAdOrganizationalUnits.WorkstationsBase);
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("addryrun");
        await new IngestAdComputers(new Connectors.Ldap.LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.ad.computers"), CancellationToken.None);
        await bronze.Database.DataSource.CreateCommand("DELETE FROM bronze.raw_entities WHERE raw_id IN (SELECT raw_id FROM bronze.raw_entities LIMIT 3)").ExecuteNonQueryAsync();
        var before = await bronze.FingerprintAsync();

        var result = await new IngestAdComputers(new Connectors.Ldap.LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.ad.computers", dryRun: true), CancellationToken.None);

        result.Summary.Should().StartWith("dry run: would insert 3 ");
        (await bronze.FingerprintAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Ldap_down_fails_the_step_naming_host_and_port_and_marks_its_run_failed()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("addown");
        var port = FreePort();
        var configuration = ldap.Configuration(values => values["AD_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var act = () => new IngestAdGroups(new Connectors.Ldap.LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.ad.groups", configuration: configuration), CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain($"127.0.0.1:{port}");
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, string Error)>("SELECT status, error_message FROM meta.ingestion_runs");
        run.Status.Should().Be("failed");
        run.Error.Should().Contain($"127.0.0.1:{port}").And.NotContain(ldap.Server.Accounts.AdPassword);
        (await bronze.CountAsync()).Should().Be(0);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
