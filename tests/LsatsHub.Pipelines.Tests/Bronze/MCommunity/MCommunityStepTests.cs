using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.MCommunity;
using LsatsHub.Pipelines.Tests.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.MCommunity;

public sealed class MCommunityStepTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    [Theory]
    [InlineData("mcommunity.groups")]
    [InlineData("mcommunity.users")]
    public async Task The_first_run_inserts_every_entry_the_directory_holds_and_a_rerun_inserts_nothing(string name)
    {
        var step = LdapStepCase.For(name);
        await using var bronze = await BronzeDatabase.CreateAsync(name.Replace('.', '_'));
        var slice = step.Slice(ldap);
        var good = slice.Count(e => step.Key(e) is not null);
        var bad = slice.Count - good;

        var first = await step.Create().RunAsync(ldap.Context(bronze, name), CancellationToken.None);
        var second = await step.Create().RunAsync(ldap.Context(bronze, name), CancellationToken.None);

        first.Summary.Should().Be(LdapStepCase.Expected(good, 0, 0, 0, bad));
        second.Summary.Should().Be(LdapStepCase.Expected(0, 0, good, 0, bad));
    }

    [Fact]
    public async Task People_past_mcommunitys_350_cap_all_land_and_those_without_a_uid_number_are_counted_bad()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomcap");
        var people = LdapStepCase.For("mcommunity.users").Slice(ldap);
        var malformed = people.Where(e => e.First("uidNumber") is null).ToList();

        await new IngestMCommunityUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.mcommunity.users"), CancellationToken.None);

        people.Count.Should().BeGreaterThan(350);
        malformed.Should().NotBeEmpty("the default dirt includes MCommunity people without a uidNumber");
        (await bronze.CountAsync("SELECT count(DISTINCT external_id) FROM bronze.raw_entities")).Should().Be(people.Count - malformed.Count);
        bronze.Logger.Messages.Should().Contain(m => m.Text.Contains(malformed[0].Dn, StringComparison.OrdinalIgnoreCase));
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var metadata = JsonNode.Parse(await connection.QuerySingleAsync<string>("SELECT metadata::text FROM meta.ingestion_runs"))!;
        metadata["ldap_searches_chunked"]!.GetValue<int>().Should().Be(1);
        metadata["ldap_wait_seconds"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0, "the run records where the read's time went");
        metadata["ldap_convert_seconds"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0);
        var person = ldap.World.People.First(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity);
        var raw = await bronze.LatestAsync(person.UidNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        raw["uidNumber"]!.GetValue<long>().Should().Be(person.UidNumber);
        raw["uid"]!.GetValue<string>().Should().Be(person.Uniqname);
        raw["_search_base"]!.GetValue<string>().Should().Be("ou=People,dc=umich,dc=edu");
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomdryrun");
        var before = await bronze.FingerprintAsync();

        var result = await new IngestMCommunityGroups(new LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.mcommunity.groups", dryRun: true), CancellationToken.None);

        result.Summary.Should().StartWith("dry run: would insert");
        (await bronze.FingerprintAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Ldap_down_fails_the_step_naming_host_and_port()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomdown");
        var configuration = ldap.Configuration(values => values["MCOMMUNITY_LDAP_SERVER"] = "127.0.0.2");

        var act = () => new IngestMCommunityUsers(new LdapConnector()).RunAsync(ldap.Context(bronze, "bronze.mcommunity.users", configuration: configuration), CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain($"127.0.0.2:{ldap.Server.McommunityTlsPort}");
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.ingestion_runs")).Should().Be("failed");
    }
}
