using Dapper;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// group_members / group_owners merge again only the groups whose inputs changed (meta.group_membership_inputs,
/// migration 0019): after the next generation exactly the groups the world changed are merged, every other row stays
/// untouched, and a full refresh then writes nothing; a group added or removed elsewhere re-merges the unchanged groups
/// whose values it resolves differently.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class GroupMembershipsIncrementalTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdDomain = "DC=adsroot,DC=itcs,DC=umich,DC=edu";

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task After_the_next_generation_only_the_groups_the_world_changed_are_merged_and_a_full_refresh_writes_nothing()
    {
        await using var clone = await bed.CloneAsync("t2incr");
        await ConsolidatedScenario.BuildAsync(bed, clone);
        var next = BuildGroupsAndDepartmentsTests.Next(bed.World);
        var changed = ChangedGroups(bed.World, next);
        var removedMembers = GroupsTruth.Members(bed.World).Except(GroupsTruth.Members(next)).ToList();
        var before = await RowVersionsAsync(clone);
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => ConsolidatedScenario.Bronze.Any(step.Descriptor.Outputs.Contains));
        }

        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        var incremental = (await ConsolidatedScenario.BuildTierTwoAsync(bed, clone))[2];
        var afterIncremental = await ConsolidatedScenario.ExactAsync(clone);
        var after = await RowVersionsAsync(clone);
        var full = await bed.RunAsync(bed.Step<BuildGroupMemberships>(), clone, fullRefresh: true);

        output.WriteLine($"groups the world changed: {string.Join(", ", changed)}");
        output.WriteLine(incremental.Summary);
        output.WriteLine(full.Summary);
        changed.Should().NotBeEmpty();
        incremental.Summary.Should().MatchRegex($@"merged:groups={changed.Count}(,|$)", "exactly the groups whose lists changed are merged again")
            .And.MatchRegex(@"[1-9]\d* deleted");
        var untouched = before.Where(row => !changed.Contains(row.Key.Group)).ToList();
        untouched.Should().NotBeEmpty();
        foreach (var (key, version) in untouched)
        {
            after.Should().ContainKey(key).WhoseValue.Should().Be(version, $"{key.Id} of unchanged group {key.Group} is not rewritten");
        }

        removedMembers.Should().NotBeEmpty("a member left a group, and a group went");
        var members = await ConsolidatedScenario.MembersAsync(clone);
        members.Should().NotIntersectWith(removedMembers, "a removed member's row goes");
        members.Should().BeEquivalentTo(GroupsTruth.Members(next));
        (await ConsolidatedScenario.OwnersAsync(clone)).Should().BeEquivalentTo(GroupsTruth.Owners(next));
        full.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted", "the incremental tables are what a full refresh gives");
        full.Summary.Should().MatchRegex($@"merged:groups={GroupsTruth.Groups(next).Count}(,|$)", "a full refresh merges every group");
        (await ConsolidatedScenario.ExactAsync(clone)).Should().Be(afterIncremental);
    }

    [Fact]
    public async Task A_departed_or_renamed_member_keeps_the_membership_the_sources_still_list_untouched()
    {
        await using var clone = await bed.CloneAsync("t2people");
        await ConsolidatedScenario.BuildAsync(bed, clone);
        var next = BuildGroupsAndDepartmentsTests.Next(bed.World);
        var moved = next.People.Where(p => p.Id < bed.World.People.Count
                                           && (p.Affiliation != bed.World.People[p.Id].Affiliation || p.LastName != bed.World.People[p.Id].LastName))
            .Select(p => p.Uniqname).ToHashSet(StringComparer.Ordinal);
        var changed = ChangedGroups(bed.World, next);
        var theirs = GroupsTruth.Members(next).Where(row => moved.Contains(row.Split('|')[2]) && !changed.Contains(row.Split('|')[0])).ToList();
        var before = await RowVersionsAsync(clone);
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => ConsolidatedScenario.Bronze.Any(step.Descriptor.Outputs.Contains));
        }

        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);

        output.WriteLine($"departed or renamed: {moved.Count}; their memberships in unchanged groups: {theirs.Count}");
        theirs.Should().NotBeEmpty("departed and renamed people are members of groups in this world");
        (await ConsolidatedScenario.MembersAsync(clone)).Should().Contain(theirs,
            "group_members follows the groups' lists (spec 4.6): a departure disables the AD account and a rename changes names, neither leaves a list");
        var after = await RowVersionsAsync(clone);
        foreach (var (key, version) in before.Where(row => row.Key.Member is not null && moved.Contains(row.Key.Member) && !changed.Contains(row.Key.Group)))
        {
            after[key].Should().Be(version, $"{key.Member} in {key.Group}");
        }
    }

    [Fact]
    public async Task A_group_added_or_removed_elsewhere_re_merges_the_unchanged_groups_whose_values_it_resolves_and_no_other()
    {
        await using var clone = await bed.CloneAsync("t2lookup");
        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        // One unchanged group whose values name groups that do not exist yet: a DN under an unknown OU (skipped: neither a
        // person nor a group), a DN under Accounts (a person), a DN under Groups whose name differs in case from the group
        // that will be added (a group named as the value spells it).
        await connection.ExecuteAsync(
            $"""
            INSERT INTO silver.ad_groups (ad_group_guid, cn, group_name, distinguished_name, group_type, members, raw_id, entity_hash)
            VALUES (md5('holder')::uuid, 'lsa-holder', 'lsa-holder', 'CN=lsa-holder,OU=Groups,{AdDomain}', -2147483646,
                    '["CN=research-pool,OU=Pools,{AdDomain}", "CN=pool2,OU=Accounts,{AdDomain}", "CN=Lab-Pool,OU=Groups,{AdDomain}"]',
                    md5('holder-raw')::uuid, 'x');
            """);
        var built = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var holderBefore = await HolderAsync(connection);
        var before = await RowVersionsAsync(clone);

        await connection.ExecuteAsync(
            $"""
            INSERT INTO silver.ad_groups (ad_group_guid, cn, group_name, distinguished_name, group_type, members, raw_id, entity_hash)
            VALUES (md5('pool-a')::uuid, 'research-pool', 'research-pool', 'CN=research-pool,OU=Pools,{AdDomain}', -2147483646, '[]', md5('pool-a-raw')::uuid, 'x'),
                   (md5('pool-b')::uuid, 'pool2', 'pool2', 'CN=pool2,OU=Accounts,{AdDomain}', -2147483646, '[]', md5('pool-b-raw')::uuid, 'x'),
                   (md5('pool-c')::uuid, 'lab-pool', 'lab-pool', 'CN=lab-pool,OU=Elsewhere,{AdDomain}', -2147483646, '[]', md5('pool-c-raw')::uuid, 'x');
            """);
        var added = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var holderAdded = await HolderAsync(connection);
        var afterAdded = await RowVersionsAsync(clone);
        var fullAdded = await bed.RunAsync(bed.Step<BuildGroupMemberships>(), clone, fullRefresh: true);

        await connection.ExecuteAsync("DELETE FROM silver.ad_groups WHERE ad_group_guid IN (md5('pool-a')::uuid, md5('pool-b')::uuid, md5('pool-c')::uuid)");
        var removed = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var holderRemoved = await HolderAsync(connection);
        var fullRemoved = await bed.RunAsync(bed.Step<BuildGroupMemberships>(), clone, fullRefresh: true);

        foreach (var result in new[] { built[2], added[2], fullAdded, removed[2], fullRemoved })
        {
            output.WriteLine(result.Summary);
        }

        holderBefore.Should().BeEquivalentTo(["user|pool2", "group|Lab-Pool"], "research-pool is skipped while no such group exists");
        added[2].Summary.Should().MatchRegex("merged:groups=4(,|$)", "the three new groups and the one group whose values now resolve to them");
        holderAdded.Should().BeEquivalentTo(["group|research-pool", "group|pool2", "group|lab-pool"], "each value is now the DN or the name of a group");
        fullAdded.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted", "incremental = full refresh");
        foreach (var (key, version) in before.Where(row => row.Key.Group != "lsa-holder"))
        {
            afterAdded[key].Should().Be(version, $"{key.Id} of {key.Group} is not rewritten");
        }

        removed[2].Summary.Should().MatchRegex("merged:groups=4(,|$)", "the three gone groups and the one whose values resolved to them");
        holderRemoved.Should().BeEquivalentTo(holderBefore, "with the groups gone the values resolve as before");
        fullRemoved.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted");
    }

    [Fact]
    public async Task A_group_whose_description_changed_but_not_its_lists_is_not_merged_again()
    {
        await using var clone = await bed.CloneAsync("t2descr");
        await ConsolidatedScenario.BuildAsync(bed, clone);
        var before = await RowVersionsAsync(clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE silver.mcommunity_groups m SET description = 'Described again by the test', raw_id = md5(m.raw_id::text || 'described')::uuid
            WHERE m.mcommunity_group_uid = (SELECT min(x.mcommunity_group_uid::text)::uuid FROM silver.mcommunity_groups x WHERE jsonb_array_length(x.members) > 0)
            """);

        var results = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var again = await bed.RunAsync(bed.Step<BuildGroupMemberships>(), clone);

        output.WriteLine(results[1].Summary);
        output.WriteLine(results[2].Summary);
        results[1].Summary.Should().Contain("1 updated", "the group's row (and its entity_hash) changed");
        results[2].Summary.Should().Be("0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped",
            "the step ran (silver.groups changed) and merged no group: the changed group's lists are what they were");
        again.Summary.Should().Contain("no input changed");
        (await RowVersionsAsync(clone)).Should().Equal(before);
    }

    /// <summary>Groups (by name) whose memberships or owners differ between two worlds, or that only one of them has.</summary>
    private static HashSet<string> ChangedGroups(SimWorld before, SimWorld after)
    {
        static IEnumerable<string> Rows(SimWorld world) =>
            GroupsTruth.Members(world).Select(row => "m|" + row).Concat(GroupsTruth.Owners(world).Select(row => "o|" + row))
                .Concat(GroupsTruth.Groups(world).Keys.Select(name => "g|" + name));
        var old = Rows(before).ToHashSet(StringComparer.Ordinal);
        var now = Rows(after).ToHashSet(StringComparer.Ordinal);
        old.SymmetricExceptWith(now);
        return old.Select(row => row.Split('|')[1]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every membership and ownership row by (group, id, member) → its physical version (ctid and xmin): equal means not rewritten.</summary>
    private static async Task<Dictionary<(string Group, string Id, string? Member), string>> RowVersionsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Group, string Id, string? Member, string Version)>(
            """
            SELECT group_id, 'member:' || membership_id, member_uniqname, ctid::text || '/' || xmin::text FROM silver.group_members
            UNION ALL
            SELECT group_id, 'owner:' || ownership_id, owner_uniqname, ctid::text || '/' || xmin::text FROM silver.group_owners
            """);
        return rows.ToDictionary(row => (row.Group, row.Id, row.Member), row => row.Version);
    }

    private static async Task<List<string>> HolderAsync(Npgsql.NpgsqlConnection connection) =>
        (await connection.QueryAsync<string>(
            "SELECT member_type || '|' || coalesce(member_uniqname, member_group_id) FROM silver.group_members WHERE group_id = 'lsa-holder'")).ToList();
}
