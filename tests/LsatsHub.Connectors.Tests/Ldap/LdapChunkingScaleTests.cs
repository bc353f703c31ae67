using System.Runtime.Versioning;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Ldap;

/// <summary>M2's chunked walk of MCommunity people on two directory sizes: the searches it needs grow with the entries, not faster.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class LdapChunkingScaleTests
{
    [Fact]
    public async Task Chunked_people_search_issues_searches_linear_in_the_number_of_people()
    {
        var small = await WalkAsync(0.002);
        var large = await WalkAsync(0.008);

        large.People.Should().BeGreaterThan(3 * small.People, "the second directory must be several times larger");
        var perPersonSmall = (double)small.Requests / small.People;
        var perPersonLarge = (double)large.Requests / large.People;
        perPersonLarge.Should().BeLessThanOrEqualTo(perPersonSmall * 1.25, $"searches must grow at most linearly (small: {small.Requests} for {small.People}, large: {large.Requests} for {large.People})");
        large.Requests.Should().BeLessThanOrEqualTo(8 + (large.People / 100), "a chunk carries a good part of the 350 cap, it is not a trickle");
        large.Narrowed.Should().BeLessThanOrEqualTo(2, "widths follow the density, so chunks are rarely asked again narrower");
    }

    private static async Task<Walk> WalkAsync(double scale)
    {
        var world = WorldGenerator.Generate(new WorldOptions(7, scale));
        var folder = Path.Combine(Path.GetTempPath(), "lsats-ldap-scale-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using var server = await SlapdServer.StartAsync(world, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), folder);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MCOMMUNITY_LDAP_SERVER"] = "127.0.0.1",
                ["MCOMMUNITY_LDAP_PORT"] = server.McommunityPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MCOMMUNITY_LDAP_USE_SSL"] = "false",
                ["MCOMMUNITY_LDAP_USER"] = server.Accounts.McommunityBindDn,
                ["MCOMMUNITY_LDAP_PASSWORD"] = server.Accounts.McommunityPassword,
            }).Build();
            using var session = await new LdapConnector().ConnectAsync(LdapConfiguration.ForMcommunity(configuration), LdapConversion.Mcommunity, CancellationToken.None);
            var search = new LdapSearch(AdLayout.McommunityPeople, "(uid=*)", ["uid", "uidNumber"]) { ChunkAttribute = "uidNumber" };

            var uids = await session.SearchAsync(search).Select(e => e.Text("uid")).ToListAsync();

            var expected = world.People.Where(p => p.Presence.InMcommunity).Select(p => p.Uniqname).ToList();
            uids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected, "chunking must still deliver every person exactly once");
            return new Walk(expected.Count, session.RequestsSent, session.ChunksNarrowed);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // slapd may still hold a file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private sealed record Walk(int People, int Requests, int Narrowed);
}
