using System.Globalization;
using Dapper;
using LsatsHub.Pipelines.Silver.Composite;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Warehouse;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Composite;

/// <summary>
/// Silver tier 3 on the simulated university: one run of every silver step on an empty silver fills every lab table
/// (no one-run lag), matching the world's labs, members, managers and computers.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class LabTablesTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] LabTables =
    [
        "silver.tdx_labs", "silver.award_labs", "silver.ad_labs", "silver.labs", "silver.lab_members", "silver.lab_computers",
        "silver.computer_primary_labs", "silver.lab_managers", "silver.lab_statistics",
    ];

    public async Task InitializeAsync()
    {
        await bed.ResetSilverAsync();

        // The bed's warehouse has init and schema only; the lab steps read views. Re-applying the schema (idempotent)
        // restores the reference rows Respawn emptied: silver.lab_excluded_departments.
        await bed.Database.ApplySqlFileAsync("sql/production_schema.sql");
        await bed.Database.ApplySqlFileAsync("sql/views/silver_views.sql");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_run_on_an_empty_silver_fills_every_lab_table_and_matches_the_world()
    {
        await SilverRun.RunAsync(bed);

        foreach (var table in LabTables)
        {
            (await SilverTable.CountAsync(bed.Database, $"SELECT count(*) FROM {table}")).Should().BePositive($"{table} is filled by the first run");
        }

        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var labs = (await connection.QueryAsync<string>("SELECT lab_id FROM silver.labs WHERE is_active")).ToHashSet(StringComparer.Ordinal);
        var members = (await connection.QueryAsync<(string, string)>("SELECT lab_id, member_uniqname FROM silver.lab_members WHERE NOT is_pi")).ToHashSet();
        var pis = (await connection.QueryAsync<(string, string)>("SELECT lab_id, member_uniqname FROM silver.lab_members WHERE is_pi")).ToHashSet();
        var managers = (await connection.QueryAsync<(string, string)>("SELECT lab_id, manager_uniqname FROM silver.lab_managers")).ToHashSet();
        var legitimate = (await connection.QueryAsync<string>("SELECT lab_id FROM silver.v_legitimate_labs")).ToHashSet(StringComparer.Ordinal);
        var confident = (await connection.QueryAsync<(string, string)>(
            "SELECT computer_id, lab_id FROM silver.lab_computers WHERE confidence_score >= 0.65")).ToHashSet();
        var primary = (await connection.QueryAsync<(string, string)>("SELECT computer_id, primary_lab_id FROM silver.computer_primary_labs")).ToHashSet();
        var silverComputers = (await connection.QueryAsync<string>("SELECT computer_id FROM silver.computers WHERE is_active")).ToHashSet(StringComparer.Ordinal);

        var truthLabs = LabTruth.Labs(bed.World);
        var truthMembers = LabTruth.Members(bed.World);
        var truthManagers = LabTruth.Managers(bed.World);
        var truthComputers = LabTruth.Computers(bed.World).Where(pair => silverComputers.Contains(pair.Computer)).ToHashSet();
        var cleanLabs = LabTruth.LabsWithUnambiguousGroups(bed.World);
        var cleanComputers = LabTruth.UnambiguousComputers(bed.World);
        var legitimateManagers = truthManagers.Where(pair => legitimate.Contains(pair.Lab)).ToHashSet();
        var truthLabComputers = truthComputers.Select(pair => pair.Computer).ToHashSet(StringComparer.Ordinal);

        Report("labs", labs, truthLabs);
        Report("members, all labs", members, truthMembers);
        Report($"members, the {cleanLabs.Count} labs whose PI sits in no other group they own", members.Where(pair => cleanLabs.Contains(pair.Item1)).ToHashSet(), truthMembers.Where(pair => cleanLabs.Contains(pair.Lab)).ToHashSet());
        Report("managers, legitimate labs", managers, legitimateManagers);
        Report("computers with confidence >= 0.65, all", confident, truthComputers);
        Report("computers with confidence >= 0.65, unambiguous machines", confident.Where(pair => cleanComputers.Contains(pair.Item1)).ToHashSet(), truthComputers);
        Report("primary lab of the lab computers", primary.Where(pair => truthLabComputers.Contains(pair.Item1)).ToHashSet(), truthComputers);

        labs.Should().BeEquivalentTo(truthLabs, "every PI of the world has a lab, and no one else");
        cleanLabs.Should().NotBeEmpty();
        members.Where(pair => cleanLabs.Contains(pair.Item1)).Should().BeEquivalentTo(truthMembers.Where(pair => cleanLabs.Contains(pair.Lab)),
            "the lab's members group holds exactly its members and the PI");
        members.Should().Contain(truthMembers, "every member is found, whatever other groups the PI owns");
        pis.Should().BeEquivalentTo(truthLabs.Select(lab => (lab, lab)), "the PI is in the lab's group");
        legitimate.Should().NotBeEmpty();
        managers.Should().BeEquivalentTo(legitimateManagers, "only legitimate labs get managers, and tier-1 titles name exactly the designated ones");
        confident.Where(pair => cleanComputers.Contains(pair.Item1)).Should().BeEquivalentTo(truthComputers,
            "a lab computer is named after its PI and owned by the lab; no unambiguous department machine reaches 0.65");
        primary.Where(pair => truthLabComputers.Contains(pair.Item1)).Should().BeEquivalentTo(truthComputers, "a lab computer's primary lab is its lab");
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await SilverRun.RunAsync(bed);
        var before = new Dictionary<string, string?>();
        foreach (var table in LabTables)
        {
            before[table] = await SilverTable.ExactAsync(bed.Database, table);
        }

        var summaries = await SilverRun.RunAsync(bed);

        foreach (var table in LabTables)
        {
            (await SilverTable.ExactAsync(bed.Database, table)).Should().Be(before[table], $"{table} is untouched by a run over unchanged data, updated_at included");
        }

        foreach (var step in bed.Steps.Where(step => step.Descriptor.Tags.Contains(Tags.Tier3)))
        {
            summaries[step.Descriptor.Name].Should().Contain(" 0 inserted, 0 updated, 0 deleted", step.Descriptor.Name);
        }
    }

    [Fact]
    public async Task A_manager_verified_by_hand_stays_verified_with_its_notes_after_a_rerun_and_a_full_refresh()
    {
        await SilverRun.RunAsync(bed);
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var (lab, manager) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT lab_id, manager_uniqname FROM silver.lab_managers ORDER BY lab_id, manager_rank LIMIT 1");
        await connection.ExecuteAsync(
            "UPDATE silver.lab_managers SET is_verified = true, verification_notes = 'confirmed by phone' WHERE lab_id = @lab AND manager_uniqname = @manager",
            new { lab, manager });

        await SilverRun.RunAsync(bed);
        await SilverRun.RunAsync(bed, fullRefresh: true);

        var row = await connection.QuerySingleAsync<(bool, string)>(
            "SELECT is_verified, verification_notes FROM silver.lab_managers WHERE lab_id = @lab AND manager_uniqname = @manager", new { lab, manager });
        row.Should().Be((true, "confirmed by phone"));
    }

    [Fact]
    public async Task The_deployment_plan_spot_checks_return_rows()
    {
        await SilverRun.RunAsync(bed);

        foreach (var view in new[] { "v_lab_summary", "v_labs_monitored", "v_legitimate_labs", "v_lab_managers_detailed" })
        {
            (await SilverTable.CountAsync(bed.Database, $"SELECT count(*) FROM silver.{view}")).Should().BePositive(view);
        }

        foreach (var table in new[] { "departments", "users", "computers", "labs" })
        {
            (await SilverTable.CountAsync(bed.Database, $"SELECT count(*) FILTER (WHERE data_quality_score >= 0.8) FROM silver.{table}")).Should().BePositive($"{table} has high-quality rows");
        }
    }

    [Fact]
    public async Task Every_silver_view_returns_rows()
    {
        await SilverRun.RunAsync(bed);

        foreach (var view in CanonicalSchema.SilverViews)
        {
            var count = await SilverTable.CountAsync(bed.Database, $"SELECT count(*) FROM silver.{view}");
            output.WriteLine($"{view}: {count.ToString(CultureInfo.InvariantCulture)} rows");
            count.Should().BePositive($"silver.{view} reads real data");
        }
    }

    [Fact]
    public async Task The_lab_steps_read_only_what_runs_before_them_so_the_graph_has_no_cycle()
    {
        var ordered = SilverRun.Ordered(bed).Select(step => step.Descriptor.Name).ToList();

        ordered.IndexOf("silver.labs").Should().BeLessThan(ordered.IndexOf("silver.lab_members"));
        ordered.IndexOf("silver.lab_members").Should().BeLessThan(ordered.IndexOf("silver.lab_computers"));
        ordered.IndexOf("silver.lab_computers").Should().BeLessThan(ordered.IndexOf("silver.lab_statistics"));
        ordered.IndexOf("silver.lab_managers").Should().BeLessThan(ordered.IndexOf("silver.lab_statistics"));
        ordered.IndexOf("silver.computers").Should().BeLessThan(ordered.IndexOf("silver.lab_computers"));
        bed.Step<BuildLabComputers>().Descriptor.Outputs.Should().NotContain(Datasets.Silver.Computers);
        bed.Step<BuildLabStatistics>().Descriptor.Outputs.Should().NotContain(Datasets.Silver.Labs);
    }

    private void Report<T>(string what, HashSet<T> actual, HashSet<T> expected)
    {
        var hits = actual.Count(expected.Contains);
        var precision = actual.Count == 0 ? 1.0 : (double)hits / actual.Count;
        var recall = expected.Count == 0 ? 1.0 : (double)hits / expected.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: precision {precision:P1} ({hits}/{actual.Count}), recall {recall:P1} ({hits}/{expected.Count})"));
        foreach (var extra in actual.Where(item => !expected.Contains(item)).Take(5))
        {
            output.WriteLine($"  not in truth: {extra}");
        }

        foreach (var missing in expected.Where(item => !actual.Contains(item)).Take(5))
        {
            output.WriteLine($"  missing: {missing}");
        }
    }
}
