using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>
/// A group above AD's MaxValRange (1,500), served as lsats-sim serve serves AD (slapd behind <c>AdRangeProxy</c>, the
/// .env's AD_PORT on the proxy's LDAPS port): bronze must hold every member under <c>member</c>, which it only can
/// by asking for <c>member;range=1500-*</c> after the first part.
/// </summary>
public sealed class AdRangeRetrievalTests
{
    [Fact]
    public async Task A_group_with_more_members_than_ad_returns_at_once_is_stored_with_every_member_under_member()
    {
        // Arrange: the generator's groups are small at every scale, so the world gets an "everyone in AD" group.
        var generated = WorldGenerator.Generate(new WorldOptions(42, 0.003));
        var everyone = generated.People.Where(p => p.Presence.InAd).Select(p => p.Id).ToList();
        var template = generated.Groups.First(g => g.Kind == GroupKind.ActiveDirectory && g.MemberComputerNames.Count == 0);
        var big = template with
        {
            Name = "lsa-everyone",
            DisplayName = "Everyone in AD",
            MemberIds = everyone,
            AdGuid = new Guid("0b1e5a11-0000-4000-8000-000000001500"),
            AdRid = 9_999_999,
        };
        var world = generated with { Groups = [.. generated.Groups, big] };
        everyone.Count.Should().BeGreaterThan(1500, "the group must be above AD's MaxValRange");
        await using var sources = await SimulatedSources.StartAsync(world);
        await using var bronze = await BronzeDatabase.CreateAsync("adranged");
        var configuration = new Dictionary<string, string?>(sources.Configuration) { [AdUsnSync.FullSyncDaysVariable] = "0" };

        // Act
        var result = await new IngestAdGroups(new Connectors.Ldap.LdapConnector()).RunAsync(
            new StepContext
            {
                DataSource = bronze.Database.DataSource,
                Logger = bronze.Logger,
                RunId = Guid.NewGuid(),
                StepName = "bronze.ad.groups",
                Clock = TimeProvider.System,
                DryRun = false,
                Configuration = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(),
            },
            CancellationToken.None);

        // Assert
        result.Summary.Should().NotBeNull();
        sources.AdProxy.PartsServed.Should().BeGreaterThanOrEqualTo(2, "the group came in parts: 0-1499, then 1500-*");
        var raw = await bronze.LatestAsync(big.AdGuid.ToString("B"));
        raw.Select(p => p.Key).Should().NotContain(k => k.Contains(';', StringComparison.Ordinal), "no part is stored under its ranged name");
        var members = raw["member"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        members.Should().HaveCount(everyone.Count).And.OnlyHaveUniqueItems();
        members.Select(m => m.ToUpperInvariant()).Should().BeEquivalentTo(everyone.Select(id => AdLayout.AdUserDn(world.People[id].Uniqname).ToUpperInvariant()), "DNs compare case-insensitively");
    }
}
