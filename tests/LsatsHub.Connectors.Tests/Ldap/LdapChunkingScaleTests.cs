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

    [Fact]
    public async Task People_without_a_uidNumber_beyond_the_size_limit_are_fetched_by_uid_prefix()
    {
        // At scale 1.0 about 1,400 MCommunity people have no uidNumber, more than one 350-entry search returns; a small
        // world with a size limit below its own count of such people behaves the same way.
        var world = WorldGenerator.Generate(new WorldOptions(7, 0.008));
        var withoutUidNumber = world.People.Count(p => p.Presence.InMcommunity && p.Dirt.MalformedMcommunity);
        withoutUidNumber.Should().BeGreaterThan(4, "the world must hold more people without a uidNumber than the size limit below");

        var walk = await WalkAsync(world, sizeLimit: 4, splitAttribute: "uid");

        walk.Narrowed.Should().BeGreaterThan(0, "the people without a uidNumber did not fit in one search and were split");
    }

    [Fact]
    public async Task Without_a_split_attribute_too_many_people_without_a_uidNumber_fail_the_search()
    {
        var world = WorldGenerator.Generate(new WorldOptions(7, 0.008));

        var walk = async () => await WalkAsync(world, sizeLimit: 4, splitAttribute: null);

        await walk.Should().ThrowAsync<ConnectorException>().WithMessage("*have no uidNumber*cannot be chunked*");
    }

    [Fact]
    public async Task A_capped_search_with_nothing_to_chunk_on_is_split_by_leading_characters_and_delivers_everyone_once()
    {
        // What an incremental search for the people modified since a mark does when more changed than one search returns.
        var world = WorldGenerator.Generate(new WorldOptions(7, 0.002));

        var walk = await WalkAsync(world, sizeLimit: 40, splitAttribute: "uid", chunkAttribute: null);

        walk.Narrowed.Should().BeGreaterThan(0, "the people did not fit in one search and were split");
        walk.Requests.Should().BeLessThan(walk.People / 2, "a split search carries many people (up to the size limit), not one");
    }

    private static Task<Walk> WalkAsync(double scale) => WalkAsync(WorldGenerator.Generate(new WorldOptions(7, scale)), sizeLimit: null, splitAttribute: "uid");

    private static async Task<Walk> WalkAsync(SimWorld world, int? sizeLimit, string? splitAttribute, string? chunkAttribute = "uidNumber")
    {
        var folder = Path.Combine(Path.GetTempPath(), "lsats-ldap-scale-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using var server = await SlapdServer.StartAsync(world, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), folder, sizeLimit);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MCOMMUNITY_LDAP_SERVER"] = "127.0.0.1",
                ["MCOMMUNITY_LDAP_PORT"] = server.McommunityPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MCOMMUNITY_LDAP_USE_SSL"] = "false",
                ["MCOMMUNITY_LDAP_USER"] = server.Accounts.McommunityBindDn,
                ["MCOMMUNITY_LDAP_PASSWORD"] = server.Accounts.McommunityPassword,
            }).Build();
            using var session = await new LdapConnector().ConnectAsync(LdapConfiguration.ForMcommunity(configuration), LdapConversion.Mcommunity, CancellationToken.None);
            var search = new LdapSearch(AdLayout.McommunityPeople, "(uid=*)", ["uid", "uidNumber"]) { ChunkAttribute = chunkAttribute, SplitAttribute = splitAttribute };

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
