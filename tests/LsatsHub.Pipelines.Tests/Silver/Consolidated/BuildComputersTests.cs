using System.Globalization;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

[Collection(SilverCollection.Name)]
public sealed class BuildComputersTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Tables = ["silver.computers", "silver.computer_groups"];

    private BuildComputers Step => bed.Step<BuildComputers>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_machine_is_one_row_with_its_TDX_KeyConfigure_and_AD_records_joined_as_the_truth_says()
    {
        var truth = ComputersTruth.Known(bed.World).ToList();

        var result = await BuildAsync(bed.Database);

        var rows = await IdentitiesAsync(bed.Database);
        var (precision, recall) = Score(truth.Select(ComputersTruth.IdentityOf), rows);
        var clean = truth.Where(ComputersTruth.IsClean).ToList();
        var (cleanPrecision, cleanRecall) = Score(clean.Select(ComputersTruth.IdentityOf), rows, restrictToTruth: true);
        output.WriteLine($"silver.computers: {truth.Count} machines ({clean.Count} clean), {rows.Count} rows; record links precision {precision:P2}, recall {recall:P2}; clean subset precision {cleanPrecision:P2}, recall {cleanRecall:P2}");
        output.WriteLine(result.Summary);
        clean.Count.Should().BeLessThan(truth.Count, "the world has dirty machines (MAC formats, name case) to prove the rules on");
        cleanPrecision.Should().Be(1.0);
        cleanRecall.Should().Be(1.0);
        rows.Should().BeEquivalentTo(truth.Select(ComputersTruth.IdentityOf), "every machine, dirty ones included, is exactly one row");
        var bothTdxAndKeyConfigure = truth.Count(c => c.InTdx && c.InKeyConfigure);
        var adWithPartner = truth.Count(c => c.InAd && (c.InTdx || c.InKeyConfigure));
        result.Summary.Should().StartWith($"{truth.Count(c => c.InTdx) + truth.Count(c => c.InKeyConfigure) + truth.Count(c => c.InAd)} read: ");
        result.Summary.Should().Contain($"matched_keyconfigure:mac={bothTdxAndKeyConfigure}").And.Contain($"matched_ad:name={adWithPartner}");
    }

    [Fact]
    public async Task Dirty_records_land_as_the_rules_say_and_every_source_a_machine_has_counts_towards_its_quality()
    {
        await BuildAsync(bed.Database);

        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync(
            """
            SELECT computer_id, computer_name, tdx_asset_id, kc_computer_id, ad_sam_account_name AS ad_sam, mac_address,
                   mac_addresses::text AS mac_addresses, serial_number, source_system, is_active, data_quality_score AS score,
                   owner_uniqname IS NOT NULL AS has_owner, owner_department_id IS NOT NULL AS has_department, has_recent_activity
            FROM silver.computers
            """)).Select(row => (IDictionary<string, object?>)row).ToDictionary(row => (string)row["computer_id"]!, StringComparer.Ordinal);
        var truth = ComputersTruth.Known(bed.World).ToList();
        truth.Should().Contain(c => c.InTdx && c.TdxNameSpelling != c.Name, "the world spells some TDX names in lower case");
        truth.Should().Contain(c => c.InTdx && c.InKeyConfigure && (c.TdxMacFormat != MacFormat.ColonUpper || c.KeyConfigureMacFormat != MacFormat.Bare));
        truth.Should().Contain(c => c.InTdx && c.AdDisabled, "some TDX assets are retired");
        foreach (var computer in truth)
        {
            var row = rows[computer.Name];
            ((string)row["computer_name"]!).Should().Be(computer.InTdx ? computer.TdxNameSpelling : computer.Name, "the TDX spelling wins, the key is upper case");
            ((string)row["source_system"]!).Should().Be(ComputersTruth.Sources(computer));
            if (computer.InTdx || computer.InKeyConfigure)
            {
                ((string?)row["mac_address"]).Should().Be(computer.Macs[0], "every MAC format normalises to 12 upper-case hex digits");
                ((string?)row["mac_addresses"]).Should().Be("[" + string.Join(", ", computer.Macs.Select(mac => $"\"{mac}\"")) + "]");
                ((string?)row["serial_number"]).Should().Be(computer.SerialNumber);
            }

            ((bool)row["is_active"]!).Should().Be(!(computer.InTdx && computer.AdDisabled), "a retired TDX asset is inactive");
            var expected = 0.10m + (computer.InTdx || computer.InKeyConfigure ? 0.30m : 0) + (computer.InTdx ? 0.15m : 0)
                + (computer.InKeyConfigure ? 0.10m : 0) + (computer.InAd ? 0.10m : 0) + ((bool)row["has_owner"]! ? 0.10m : 0)
                + ((bool)row["has_department"]! ? 0.10m : 0) + ((bool)row["has_recent_activity"]! ? 0.05m : 0);
            ((decimal)row["score"]!).Should().Be(Math.Min(1.00m, expected), $"{computer.Name} from {row["source_system"]}");
        }
    }

    [Fact]
    public async Task An_Inactive_TDX_status_means_inactive_and_only_assets_of_the_computer_form_are_machines()
    {
        await using var clone = await bed.CloneAsync("compstatus");
        await SilverUpstream.RunAsync(bed, Step, clone);
        var victim = ComputersTruth.Known(bed.World).Where(c => c.InTdx && !c.AdDisabled).OrderBy(c => c.Name, StringComparer.Ordinal).First();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE silver.tdx_assets SET status_name = 'Inactive' WHERE tdx_asset_id = @Id;
                INSERT INTO silver.tdx_assets
                SELECT (jsonb_populate_record(NULL::silver.tdx_assets,
                        to_jsonb(a) || jsonb_build_object('tdx_asset_id', 1, 'tag', 'PRN-1', 'name', 'PRINTER-1', 'form_name', 'Printer Form'))).*
                FROM silver.tdx_assets a WHERE tdx_asset_id = @Id;
                """,
                new { Id = victim.TdxAssetId });
        }

        await bed.RunAsync(Step, clone);

        (await SilverTable.CountAsync(clone, $"SELECT count(*) FROM silver.computers WHERE tdx_asset_id = {victim.TdxAssetId} AND NOT is_active")).Should().Be(1);
        (await SilverTable.CountAsync(clone, "SELECT count(*) FROM silver.computers WHERE tdx_asset_id = 1 OR computer_id = 'PRINTER-1'")).Should().Be(0);
    }

    [Fact]
    public async Task A_rerun_with_nothing_changed_skips_unless_a_stored_recent_activity_flag_has_aged_out()
    {
        await using var clone = await bed.CloneAsync("computersaged");
        await BuildAsync(clone);
        var unchanged = await bed.RunAsync(Step, clone);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        const string StampOf = "SELECT change_seq FROM meta.table_changes WHERE table_name = 'silver.computers'";
        var stamp = await connection.ExecuteScalarAsync<long>(StampOf);

        // Time passing, without any table changing: a machine last seen 91 days ago whose row (flag and hash) was written
        // while that was still recent.
        (await connection.ExecuteAsync(
            """
            UPDATE silver.computers SET has_recent_activity = true, last_seen = now() - interval '91 days', entity_hash = md5('written when recent')
            WHERE computer_id = (SELECT min(computer_id) FROM silver.computers)
            """))
            .Should().Be(1);
        await connection.ExecuteAsync("UPDATE meta.table_changes SET change_seq = @stamp WHERE table_name = 'silver.computers'", new { stamp });
        var aged = await bed.RunAsync(Step, clone);

        output.WriteLine($"{unchanged.Summary}\n{aged.Summary}");
        unchanged.Summary.Should().Contain(SilverTransform.UnchangedNote);
        aged.Summary.Should().NotContain(SilverTransform.UnchangedNote, "a flag computed from the clock would differ now")
            .And.Contain("0 inserted, 1 updated, 0 deleted");
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM silver.computers WHERE has_recent_activity IS DISTINCT FROM coalesce(last_seen > now() - interval '90 days', false)"))
            .Should().Be(0, "after the merge every stored flag agrees with the clock again");
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_and_a_rebuild_from_empty_gives_the_identical_tables()
    {
        await BuildAsync(bed.Database);
        var exact = await ExactAsync(bed.Database);
        var fingerprints = await FingerprintsAsync(bed.Database);

        var rerun = await bed.RunAsync(Step);
        var full = await bed.RunAsync(Step, fullRefresh: true);

        rerun.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted, 0 skipped");
        full.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted, 0 skipped");
        (await ExactAsync(bed.Database)).Should().Equal(exact);
        await using (var connection = await bed.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("TRUNCATE silver.computers, silver.computer_groups");
        }

        await bed.RunAsync(Step);
        var rebuilt = await FingerprintsAsync(bed.Database);
        output.WriteLine(string.Join(Environment.NewLine, rebuilt));
        rebuilt.Should().Equal(fingerprints, "equal input gives identical tables (surrogate ids aside)");
    }

    [Fact]
    public async Task After_a_month_of_changes_the_incremental_run_joins_the_new_truth_and_equals_a_full_refresh()
    {
        var next = WorldMutator.Apply(bed.World);
        var moved = next.Computers.Zip(bed.World.Computers).Count(pair => pair.First.DeptId != pair.Second.DeptId);
        await using var clone = await bed.CloneAsync("compnext");
        await BuildAsync(clone);
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources);
        }

        var result = await BuildAsync(clone);

        moved.Should().BePositive();
        output.WriteLine(result.Summary);
        result.Summary.Should().NotContain(": 0 inserted, 0 updated, 0 deleted", "moved machines changed");
        (await IdentitiesAsync(clone)).Should().BeEquivalentTo(ComputersTruth.Known(next).Select(ComputersTruth.IdentityOf));
        var movedDns = next.Computers.Where(c => c.InAd).Select(c => (c.Name, Dn: WorldIndex.AdComputerDn(c))).ToList();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            var dns = (await connection.QueryAsync<(string, string)>("SELECT computer_id, ad_distinguished_name FROM silver.computers WHERE ad_sam_account_name IS NOT NULL")).ToList();
            dns.Should().BeEquivalentTo(movedDns.Select(pair => (pair.Name, pair.Dn)));
        }

        var incremental = await FingerprintsAsync(clone);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("TRUNCATE silver.computers, silver.computer_groups");
        }

        await bed.RunAsync(Step, clone, fullRefresh: true);
        (await FingerprintsAsync(clone)).Should().Equal(incremental);
    }

    [Fact]
    public async Task Unusable_and_colliding_source_records_are_counted_while_every_machine_lands()
    {
        await using var clone = await bed.CloneAsync("compbad");
        await SilverUpstream.RunAsync(bed, Step, clone);
        var truth = ComputersTruth.Known(bed.World).ToList();
        var named = truth.Where(c => c.InTdx).OrderBy(c => c.Name, StringComparer.Ordinal).First();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                -- A second, retired TDX asset with an existing machine's name, but no MAC and no serial: a machine of its own.
                INSERT INTO silver.tdx_assets
                SELECT (jsonb_populate_record(NULL::silver.tdx_assets,
                        to_jsonb(a) || jsonb_build_object('tdx_asset_id', 2, 'tag', 'DUP-2', 'serial_number', 'N/A', 'attr_mac_address', 'not a mac', 'status_name', 'Retired'))).*
                FROM silver.tdx_assets a WHERE tdx_asset_id = @Id;
                -- A KeyConfigure record with junk MACs and a junk serial.
                INSERT INTO silver.keyconfigure_computers (computer_id, computer_name, oem_serial_number, primary_mac_address, mac_addresses, raw_id, entity_hash)
                VALUES ('JUNK-1', 'JUNK-1', 'none', NULL, '["zz:zz", 42, null]', gen_random_uuid(), 'x');
                -- An AD computer whose group list is not a list.
                UPDATE silver.ad_computers SET member_of_groups = '"CN=not-a-list"'
                WHERE sam_account_name = (SELECT min(sam_account_name) FROM silver.ad_computers);
                """,
                new { Id = named.TdxAssetId });
        }

        var result = await bed.RunAsync(Step, clone);

        output.WriteLine(result.Summary);
        result.Summary.Should().Contain("duplicate:computer_id=1");
        (await IdentitiesAsync(clone)).Should().BeEquivalentTo(
            truth.Select(ComputersTruth.IdentityOf).Append(new ComputersTruth.Identity("2", null, null)).Append(new ComputersTruth.Identity(null, "JUNK-1", null)));
        await using var check = await clone.DataSource.OpenConnectionAsync();
        (await check.QuerySingleAsync<string>("SELECT computer_id FROM silver.computers WHERE tdx_asset_id = 2")).Should().Be(named.Name + "#TDX-2");
        (await check.QuerySingleAsync<(string?, string?)>("SELECT mac_address, serial_number FROM silver.computers WHERE kc_computer_id = 'JUNK-1'"))
            .Should().Be(((string?)null, (string?)null));
    }

    [Fact]
    public async Task Computer_groups_hold_exactly_each_AD_machine_s_groups_stale_ones_go_and_a_100_character_group_id_fits()
    {
        var index = new WorldIndex(bed.World);
        await using var clone = await bed.CloneAsync("compgroups");
        await BuildAsync(clone);
        var expected = ComputersTruth.Known(bed.World).SelectMany(c => ComputersTruth.AdGroupDns(index, c).Select(dn => $"{c.Name}|{dn}")).ToList();
        var actual = await MembershipsAsync(clone);
        expected.Should().NotBeEmpty();
        actual.Should().BeEquivalentTo(expected);

        var longId = "lsa-" + new string('x', 96);
        var member = ComputersTruth.Known(bed.World).Where(c => c.InAd && ComputersTruth.AdGroupDns(index, c).Count > 0).OrderBy(c => c.Name, StringComparer.Ordinal).First();
        var dropped = ComputersTruth.AdGroupDns(index, member)[0];
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO silver.groups (group_id, cn, group_name, source_system, source_entity_id, entity_hash)
                VALUES (@LongId, @LongId, @LongId, 'ad', @LongId, 'x');
                UPDATE silver.ad_computers
                SET member_of_groups = (SELECT coalesce(jsonb_agg(dn ORDER BY n), '[]') FROM jsonb_array_elements_text(member_of_groups) WITH ORDINALITY AS e (dn, n) WHERE dn <> @Dropped)
                                       || jsonb_build_array('CN=' || @LongId || ',OU=Groups,DC=example')
                WHERE sam_account_name = @Sam;
                """,
                new { LongId = longId, Dropped = dropped, Sam = member.Name + "$" });
        }

        var result = await bed.RunAsync(Step, clone);

        output.WriteLine(result.Summary);
        result.Summary.Should().Contain("computer_groups:deleted=1").And.Contain("computer_groups:written=1");
        (await MembershipsAsync(clone)).Should().BeEquivalentTo(
            expected.Where(row => row != $"{member.Name}|{dropped}").Append($"{member.Name}|CN={longId},OU=Groups,DC=example"));
        (await SilverTable.CountAsync(clone, $"SELECT count(*) FROM silver.computer_groups WHERE group_id = '{longId}' AND group_cn = '{longId}'")).Should().Be(1);
    }

    [Fact]
    public async Task Owners_are_found_in_silver_users_in_the_order_TDX_KeyConfigure_AD_and_departments_through_the_TDX_account()
    {
        await BuildAsync(bed.Database);

        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var users = (await connection.QueryAsync<(string Uniqname, Guid? Uid)>("SELECT uniqname, tdx_user_uid FROM silver.users"))
            .ToDictionary(user => user.Uniqname, user => user.Uid, StringComparer.Ordinal);
        var owners = (await connection.QueryAsync<(string Id, string? Owner)>("SELECT computer_id, owner_uniqname FROM silver.computers"))
            .ToDictionary(row => row.Id, row => row.Owner, StringComparer.Ordinal);
        var truth = ComputersTruth.Known(bed.World).ToDictionary(c => c.Name, c => ComputersTruth.Owner(bed.World, c, users), StringComparer.Ordinal);
        var right = truth.Count(pair => owners[pair.Key] == pair.Value);
        output.WriteLine($"owners: {users.Count} users known; {truth.Count(pair => pair.Value is not null)} machines with an owner in truth; {right}/{truth.Count} as truth says");
        users.Should().NotBeEmpty();
        truth.Values.Should().Contain(owner => owner != null);
        owners.Should().BeEquivalentTo(truth);

        // A TDX asset whose department has a TDX account with its code: the account's department.
        var departments = (await connection.QueryAsync<(string Id, string? Department)>("SELECT computer_id, owner_department_id FROM silver.computers"))
            .ToDictionary(row => row.Id, row => row.Department, StringComparer.Ordinal);
        var byAccount = ComputersTruth.Known(bed.World)
            .Where(c => c.InTdx && bed.World.Departments.Single(d => d.DeptId == c.DeptId) is { InTdx: true, TdxCodeMissing: false }).ToList();
        byAccount.Should().NotBeEmpty();
        byAccount.Select(c => departments[c.Name]).Should().Equal(byAccount.Select(c => (string?)c.DeptId));
    }

    private async Task<StepResult> BuildAsync(TestDatabase database)
    {
        await SilverUpstream.RunAsync(bed, Step, database);
        return await bed.RunAsync(Step, database);
    }

    private static async Task<List<ComputersTruth.Identity>> IdentitiesAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(int? Tdx, string? Kc, string? Ad)>("SELECT tdx_asset_id, kc_computer_id, ad_sam_account_name FROM silver.computers"))
            .Select(row => new ComputersTruth.Identity(row.Tdx?.ToString(CultureInfo.InvariantCulture), row.Kc, row.Ad)).ToList();
    }

    private static async Task<List<string>> MembershipsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("SELECT computer_id || '|' || group_dn FROM silver.computer_groups")).ToList();
    }

    /// <summary>Precision and recall of the record links (pairs of records silver says are one machine).</summary>
    private static (double Precision, double Recall) Score(IEnumerable<ComputersTruth.Identity> truth, List<ComputersTruth.Identity> rows, bool restrictToTruth = false)
    {
        var truthLinks = truth.SelectMany(identity => identity.Links()).ToHashSet(StringComparer.Ordinal);
        var truthRecords = truthLinks.SelectMany(link => link.Split('=')).ToHashSet(StringComparer.Ordinal);
        var silverLinks = rows.Where(row => !restrictToTruth || row.Records().Any(truthRecords.Contains))
            .SelectMany(row => row.Links()).ToHashSet(StringComparer.Ordinal);
        var both = silverLinks.Count(truthLinks.Contains);
        return (silverLinks.Count == 0 ? 0 : (double)both / silverLinks.Count, truthLinks.Count == 0 ? 0 : (double)both / truthLinks.Count);
    }

    private static async Task<List<string?>> ExactAsync(TestDatabase database)
    {
        var digests = new List<string?>();
        foreach (var table in Tables)
        {
            digests.Add(await SilverTable.ExactAsync(database, table));
        }

        return digests;
    }

    private static async Task<List<string?>> FingerprintsAsync(TestDatabase database) =>
    [
        await SilverTable.FingerprintAsync(database, "silver.computers", "silver_id"),
        await SilverTable.FingerprintAsync(database, "silver.computer_groups", "membership_id"),
    ];
}
