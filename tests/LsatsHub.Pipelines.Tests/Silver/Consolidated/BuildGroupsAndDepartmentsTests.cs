using System.Diagnostics;
using Dapper;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// silver.departments, groups, group_members and group_owners on the shared bed, full bronze → tier 1 → tier 2, measured
/// against the generator's world: each real department and group exactly once with its per-source ids, memberships and
/// owners at 100% precision and recall, idempotent, incremental = full refresh, bad rows counted, large groups set-based.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class BuildGroupsAndDepartmentsTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdDomain = "DC=adsroot,DC=itcs,DC=umich,DC=edu";

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_real_department_lands_once_with_its_ids_from_each_source()
    {
        var expected = DepartmentsTruth.Expected(bed.World);

        var results = await ConsolidatedScenario.BuildAsync(bed);

        var actual = await SilverTable.RowsAsync(bed.Database, "silver.departments", ["dept_id"], DepartmentsTruth.Columns);
        var score = TruthScore.Of("silver.departments", Rows(expected), Rows(actual));
        output.WriteLine(score.ToString());
        output.WriteLine(results[0].Summary);
        actual.Keys.Should().BeEquivalentTo(expected.Keys, "every real department exactly once, none split, none merged wrongly");
        foreach (var (key, values) in expected)
        {
            actual[key].Should().Equal(values, $"department {key}");
        }

        var dirty = DepartmentsTruth.WithoutTdxCode(bed.World);
        dirty.Should().NotBeEmpty("the world has TDX accounts without a Code");
        (await SilverTable.CountAsync(bed.Database,
            $"SELECT count(*) FROM silver.departments WHERE quality_flags ? 'matched_by_name' AND dept_id IN ('{string.Join("','", dirty)}')"))
            .Should().Be(dirty.Count, "an account without a Code joins its UMich department, flagged");
        results[0].Summary.Should().Contain($"matched_by_name={dirty.Count}");
        score.Precision.Should().Be(1);
        score.Recall.Should().Be(1);
    }

    [Fact]
    public async Task Every_real_group_lands_once_with_its_ids_from_each_source()
    {
        var expected = GroupsTruth.Groups(bed.World);

        await ConsolidatedScenario.BuildAsync(bed);

        var actual = await SilverTable.RowsAsync(bed.Database, "silver.groups", ["group_id"], GroupsTruth.Columns);
        var score = TruthScore.Of("silver.groups", Rows(expected), Rows(actual));
        output.WriteLine(score.ToString());
        actual.Keys.Should().BeEquivalentTo(expected.Keys, "every real group exactly once: a synced group is one row from both sources");
        foreach (var (key, values) in expected)
        {
            actual[key].Should().Equal(values, $"group {key}");
        }

        expected.Values.Should().Contain(values => values[0] == "ad+mcommunity").And.Contain(values => values[0] == "ad").And.Contain(values => values[0] == "mcommunity");
        (await SilverTable.CountAsync(bed.Database,
            "SELECT count(*) FROM silver.groups WHERE source_system = 'ad+mcommunity' AND (mcommunity_group_uid IS NULL OR ad_raw_id IS NULL OR mcommunity_raw_id IS NULL OR NOT quality_flags ? 'merged_from_multiple_sources')"))
            .Should().Be(0, "a merged group carries both sources' ids");
        score.Precision.Should().Be(1);
        score.Recall.Should().Be(1);
    }

    [Fact]
    public async Task Members_and_owners_match_the_truth_and_computer_members_are_counted_not_stored()
    {
        var members = GroupsTruth.Members(bed.World);
        var owners = GroupsTruth.Owners(bed.World);
        var computers = GroupsTruth.ComputerMembers(bed.World);

        var results = await ConsolidatedScenario.BuildAsync(bed);

        var memberScore = TruthScore.Of("silver.group_members", members, await ConsolidatedScenario.MembersAsync(bed.Database));
        var ownerScore = TruthScore.Of("silver.group_owners", owners, await ConsolidatedScenario.OwnersAsync(bed.Database));
        output.WriteLine(memberScore.ToString());
        output.WriteLine(ownerScore.ToString());
        output.WriteLine(results[2].Summary);
        (await ConsolidatedScenario.MembersAsync(bed.Database)).Should().BeEquivalentTo(members);
        (await ConsolidatedScenario.OwnersAsync(bed.Database)).Should().BeEquivalentTo(owners);
        computers.Should().BePositive("lab computer groups have computer members");
        results[2].Summary.Should().Contain($"unclassified:member={computers}");
        memberScore.Precision.Should().Be(1);
        memberScore.Recall.Should().Be(1);
        ownerScore.Precision.Should().Be(1);
        ownerScore.Recall.Should().Be(1);
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_and_every_table_hashes_the_same()
    {
        await ConsolidatedScenario.BuildAsync(bed);
        var first = await ConsolidatedScenario.ExactAsync(bed.Database);

        var rerun = await ConsolidatedScenario.BuildTierTwoAsync(bed);
        var afterRerun = await ConsolidatedScenario.ExactAsync(bed.Database);
        var full = await ConsolidatedScenario.BuildTierTwoAsync(bed, fullRefresh: true);
        var afterFull = await ConsolidatedScenario.ExactAsync(bed.Database);

        output.WriteLine(first);
        foreach (var result in rerun.Concat(full))
        {
            output.WriteLine(result.Summary);
            result.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted");
        }

        rerun[1].Summary.Should().StartWith("0 read", "no group's source changed, so no name is merged again");
        afterRerun.Should().Be(first);
        afterFull.Should().Be(first);
    }

    [Fact]
    public async Task After_the_next_generation_the_tables_hold_the_new_truth_and_equal_a_full_refresh()
    {
        await using var clone = await bed.CloneAsync("t2groups");
        await ConsolidatedScenario.BuildAsync(bed, clone);
        var next = Next(bed.World);
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => ConsolidatedScenario.Bronze.Any(step.Descriptor.Outputs.Contains));
        }

        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        var results = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);

        foreach (var result in results)
        {
            output.WriteLine(result.Summary);
        }

        var groups = await SilverTable.RowsAsync(clone, "silver.groups", ["group_id"], GroupsTruth.Columns);
        groups.Keys.Should().BeEquivalentTo(GroupsTruth.Groups(next).Keys);
        foreach (var (key, values) in GroupsTruth.Groups(next))
        {
            groups[key].Should().Equal(values, $"group {key}");
        }

        var departments = await SilverTable.RowsAsync(clone, "silver.departments", ["dept_id"], DepartmentsTruth.Columns);
        foreach (var (key, values) in DepartmentsTruth.Expected(next))
        {
            departments[key].Should().Equal(values, $"department {key}");
        }

        (await ConsolidatedScenario.MembersAsync(clone)).Should().BeEquivalentTo(GroupsTruth.Members(next), "stale memberships are removed, new ones added");
        (await ConsolidatedScenario.OwnersAsync(clone)).Should().BeEquivalentTo(GroupsTruth.Owners(next));
        results[1].Summary.Should().NotStartWith("0 read");
        results[2].Summary.Should().MatchRegex(@"[1-9]\d* deleted", "the removed group's and member's rows go");

        var incremental = await ConsolidatedScenario.FingerprintAsync(clone);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("TRUNCATE silver.groups, silver.group_members, silver.group_owners; DELETE FROM silver.departments");
        }

        await ConsolidatedScenario.BuildTierTwoAsync(bed, clone, fullRefresh: true);
        (await ConsolidatedScenario.FingerprintAsync(clone)).Should().Be(incremental);
    }

    [Fact]
    public async Task Dirty_rows_land_as_the_rules_say_and_one_bad_row_does_not_abort_the_step()
    {
        await using var clone = await bed.CloneAsync("t2dirty");
        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        var longName = "lsa-" + new string('x', 140);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            // An AD group and an MCommunity group whose names differ in case and spacing; an MCommunity group whose name
            // is too long for group_id; members in mixed case, a printer and a value that is nothing at all.
            await connection.ExecuteAsync(
                $"""
                INSERT INTO silver.ad_groups (ad_group_guid, cn, group_name, distinguished_name, group_type, members, raw_id, entity_hash)
                VALUES (md5('dirty-ad')::uuid, ' LSA-Dirty-Case', 'LSA-Dirty-Case', 'CN=LSA-Dirty-Case,OU=MCommADSync,OU=Users and Groups,{AdDomain}', 2,
                        '["CN=MixedPerson,OU=People,OU=Accounts,OU=UMICH,{AdDomain}", "CN=Printer-7,OU=Printers,{AdDomain}"]', md5('dirty-ad-raw')::uuid, 'x');
                INSERT INTO silver.mcommunity_groups (group_email, group_name, distinguished_name, members, owners, direct_members, raw_id, entity_hash)
                VALUES ('lsa-dirty-case@umich.edu', 'lsa-dirty-case ', 'cn=lsa-dirty-case,ou=User Groups,ou=Groups,dc=umich,dc=edu',
                        '["uid=MixedPerson,ou=People,dc=umich,dc=edu", "uid=other1,ou=People,dc=umich,dc=edu"]',
                        '["uid=Owner1,ou=People,dc=umich,dc=edu"]', '["uid=MixedPerson,ou=People,dc=umich,dc=edu"]', md5('dirty-m-raw')::uuid, 'x'),
                       ('long@umich.edu', '{longName}', 'cn={longName},ou=User Groups,ou=Groups,dc=umich,dc=edu',
                        '["uid=other1,ou=People,dc=umich,dc=edu"]', '[]', '[]', md5('long-raw')::uuid, 'x');
                """);
        }

        var results = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);

        output.WriteLine(results[1].Summary);
        output.WriteLine(results[2].Summary);
        results[1].Summary.Should().Contain("1 skipped").And.Contain("too_long:group_id=1");
        var rows = await SilverTable.RowsAsync(clone, "silver.groups", ["group_id"], ["source_system", "group_email", "is_mcomm_adsync"]);
        rows.Should().ContainKey("LSA-Dirty-Case").WhoseValue.Should().Equal("ad+mcommunity", "lsa-dirty-case@umich.edu", "true");
        rows.Keys.Should().NotContain(key => key.StartsWith("lsa-xxx", StringComparison.Ordinal));
        rows.Should().HaveCount(GroupsTruth.Groups(bed.World).Count + 1, "every other group lands");
        var members = await ConsolidatedScenario.MembersAsync(clone);
        members.Where(m => m.StartsWith("LSA-Dirty-Case|", StringComparison.Ordinal)).Should().BeEquivalentTo(
            "LSA-Dirty-Case|user|mixedperson|ad+mcommunity|true", "LSA-Dirty-Case|user|other1|ad+mcommunity|false");
        (await ConsolidatedScenario.OwnersAsync(clone)).Should().Contain("LSA-Dirty-Case|user|owner1|ad+mcommunity");
        results[2].Summary.Should().Contain($"unclassified:member={GroupsTruth.ComputerMembers(bed.World) + 1}");
    }

    [Fact]
    public async Task Dirty_departments_land_as_the_rules_say_and_one_no_source_knows_is_retired()
    {
        await using var clone = await bed.CloneAsync("t2depts");
        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        var expected = DepartmentsTruth.Expected(bed.World);
        var umapiOnly = expected.First(row => row.Value[2] == "umapi").Key;
        var both = expected.First(row => row.Value[2] == "umapi+tdx").Key;
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            // A UMich department without a name; a second, inactive TDX account claiming an existing Code.
            await connection.ExecuteAsync(
                """
                INSERT INTO silver.umapi_departments (dept_id, department_name, entity_hash, raw_id) VALUES ('999001', NULL, 'x', md5('noname')::uuid);
                INSERT INTO silver.tdx_departments (tdx_id, dept_id, department_name, is_active, entity_hash, raw_id)
                VALUES (999002, @both, 'A second account', false, 'x', md5('second')::uuid);
                """,
                new { both });
        }

        var first = await bed.RunAsync(bed.Step<BuildDepartments>(), clone);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM silver.umapi_departments WHERE dept_id = @umapiOnly", new { umapiOnly });
        }

        var second = await bed.RunAsync(bed.Step<BuildDepartments>(), clone);
        var third = await bed.RunAsync(bed.Step<BuildDepartments>(), clone);

        output.WriteLine(first.Summary);
        output.WriteLine(second.Summary);
        first.Summary.Should().Contain($"{expected.Count + 1} inserted, 0 updated, 0 deleted, 1 skipped")
            .And.Contain("duplicate:tdx_dept_id=1").And.Contain("missing:department_name=1");
        var rows = await SilverTable.RowsAsync(clone, "silver.departments", ["dept_id"], DepartmentsTruth.Columns.Append("quality_flags").ToList());
        rows["999001"].Take(4).Should().Equal("999001", null, "umapi", "true");
        rows["999001"][8].Should().Be("0.10", "no name (-0.50), no campus, college or VP area (-0.30), no TDX account (-0.10)");
        rows["999001"][9].Should().Contain("missing_dept_name");
        rows[both][1].Should().Be(expected[both][1], "the active account wins over an inactive one claiming its Code");
        second.Summary.Should().Contain("0 inserted, 0 updated, 1 deleted");
        rows = await SilverTable.RowsAsync(clone, "silver.departments", ["dept_id"], DepartmentsTruth.Columns);
        rows[umapiOnly][3].Should().Be("false", "a department no source knows any more is retired, not deleted (others reference it)");
        third.Summary.Should().Contain("0 inserted, 0 updated, 0 deleted");
    }

    [Fact]
    public async Task A_twenty_thousand_member_group_loads_set_based_with_every_member()
    {
        await using var clone = await bed.CloneAsync("t2large");
        await ConsolidatedScenario.BuildTierOneAsync(bed, clone);
        var clock = Stopwatch.StartNew();
        await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var small = clock.Elapsed;
        var smallMembers = await SilverTable.CountAsync(clone, "SELECT count(*) FROM silver.group_members");
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                $"""
                INSERT INTO silver.ad_groups (ad_group_guid, cn, group_name, distinguished_name, group_type, members, raw_id, entity_hash)
                SELECT md5('large')::uuid, 'lsa-large', 'lsa-large', 'CN=lsa-large,OU=Users and Groups,{AdDomain}', -2147483646,
                       jsonb_agg('CN=u' || lpad(i::text, 6, '0') || ',OU=People,OU=Accounts,OU=UMICH,{AdDomain}' ORDER BY i),
                       md5('large-raw')::uuid, 'x'
                FROM generate_series(1, 20000) i;
                """);
        }

        clock.Restart();
        var results = await ConsolidatedScenario.BuildTierTwoAsync(bed, clone);
        var large = clock.Elapsed;

        output.WriteLine($"{smallMembers} memberships of the world: {small.TotalSeconds:0.00} s; + one 20,000-member group: {large.TotalSeconds:0.00} s");
        output.WriteLine(results[2].Summary);
        (await SilverTable.CountAsync(clone, "SELECT count(DISTINCT member_uniqname) FROM silver.group_members WHERE group_id = 'lsa-large' AND member_type = 'user' AND is_direct_member"))
            .Should().Be(20_000);
        results[2].Summary.Should().Contain("20000 inserted, 0 updated, 0 deleted");
    }

    /// <summary>The simulator's next month, plus the group and department changes tier 2 must follow.</summary>
    internal static SimWorld Next(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var groups = next.Groups.ToList();
        var adOnly = groups.First(g => g.Kind == GroupKind.ActiveDirectory && g.MemberIds.Count > 0 && g.LabPi is null);
        groups.Remove(adOnly);

        // Only MCommunity's side of a synced group changes (a member AD does not know): AD's partner row must stay merged.
        var synced = groups.First(g => g.Kind == GroupKind.Synced);
        var notInAd = next.People.First(p => !p.Presence.InAd && p.Presence.InMcommunity && !synced.MemberIds.Contains(p.Id));
        groups[groups.IndexOf(synced)] = synced with { MemberIds = [.. synced.MemberIds.Append(notInAd.Id).Order()] };

        // A member leaves an MCommunity group; an MCommunity-only group starts being mirrored into AD.
        var shrinking = groups.First(g => g.Kind == GroupKind.Mcommunity && g.MemberIds.Count > 2);
        groups[groups.IndexOf(shrinking)] = shrinking with { MemberIds = [.. shrinking.MemberIds.Skip(1)] };
        var mirrored = groups.Last(g => g.Kind == GroupKind.Mcommunity && g.MemberIds.Count > 0);
        groups[groups.IndexOf(mirrored)] = mirrored with { Kind = GroupKind.Synced };

        // A department renamed in both sources; one the UMich API no longer serves (TDX's row is all that is left).
        var departments = next.Departments.ToList();
        var plain = departments.Where(d => d.InTdx && d.InUmApi && !d.TdxCodeMissing && d.ParentDeptId is not null).ToList();
        departments[departments.IndexOf(plain[0])] = plain[0] with { Name = "Études \"Ångström\" & O'Neill Studies" };
        departments[departments.IndexOf(plain[1])] = plain[1] with { InUmApi = false };
        return next with { Groups = groups, Departments = departments };
    }

    private static HashSet<string> Rows(IReadOnlyDictionary<string, string?[]> rows) =>
        rows.Select(row => row.Key + "|" + string.Join("|", row.Value.Select(value => value ?? "NULL"))).ToHashSet(StringComparer.Ordinal);
}
