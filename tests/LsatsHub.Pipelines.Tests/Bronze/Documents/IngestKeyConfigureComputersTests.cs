using LsatsHub.Pipelines.Bronze.Documents;
using LsatsHub.Pipelines.Tests.Bronze.UmApi;
using LsatsHub.Simulator.Generation;
using MiniExcelLibs;

namespace LsatsHub.Pipelines.Tests.Bronze.Documents;

public sealed class IngestKeyConfigureComputersTests
{
    private static readonly IngestKeyConfigureComputers Step = new();

    private static Dictionary<string, object> Computer(string mac, DateTime session, string owner = "zoë") => new()
    {
        ["idnt"] = "K1",
        ["Name"] = "LAB-WS01, \"main\"",
        ["MAC"] = mac,
        ["Mhz"] = 2500,
        ["#"] = 8,
        ["Last Session"] = session,
        ["Owner"] = owner,
    };

    [Fact]
    public async Task A_first_run_inserts_every_interface_a_rerun_nothing_and_a_new_export_exactly_its_changes()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d2first", DocumentsStepFixture.World);
        var computers = DocumentsStepFixture.ComputersOf(DocumentsStepFixture.World);

        var first = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var firstChanges = await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze);
        var rerun = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var mutated = WorldMutator.Apply(DocumentsStepFixture.World);
        var expected = BronzeStepHarness.ExpectedChanges(computers, DocumentsStepFixture.ComputersOf(mutated));
        fixture.Write(mutated);
        await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        first.Summary.Should().Contain($"{computers.Count} new, 0 changed, 0 unchanged, 0 deleted, 0 bad records skipped");
        firstChanges.Keys.Should().BeEquivalentTo(computers.Keys);
        rerun.Summary.Should().Contain($"0 new, 0 changed, {computers.Count} unchanged, 0 deleted");
        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task MACs_are_keyed_in_one_spelling_the_latest_session_wins_and_bad_MACs_are_counted_and_skipped()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d2dirty");
        Directory.CreateDirectory(fixture.DataFolder);
        var rows = new[]
        {
            Computer("aa-bb-cc-dd-ee-01", new DateTime(2025, 3, 1, 8, 0, 0), owner: "old-owner"),
            Computer("AA:BB:CC:DD:EE:01", new DateTime(2025, 3, 2, 8, 0, 0)),
            Computer("not-a-mac", new DateTime(2025, 3, 2, 8, 0, 0)),
            Computer("AABB.CCDD.EE02", new DateTime(2025, 3, 2, 8, 0, 0)),
        };
        MiniExcel.SaveAs(Path.Combine(fixture.DataFolder, "keyconfigure_computers_2025_03_03.xlsx"), rows);

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        result.Summary.Should().Be("keyconfigure_computers_2025_03_03.xlsx: 2 new, 0 changed, 0 unchanged, 0 deleted, 1 bad record skipped");
        var stored = await fixture.Bronze.LatestAsync("AA:BB:CC:DD:EE:01");
        stored["Owner"]!.GetValue<string>().Should().Be("zoë");
        stored["Name"]!.GetValue<string>().Should().Be("LAB-WS01, \"main\"");
        stored["# of cores"]!.GetValue<long>().Should().Be(8);
        stored["Clock Speed (Mhz)"]!.GetValue<long>().Should().Be(2500);
        stored["Last Session"]!.GetValue<string>().Should().Be("2025-03-02T08:00:00");
        stored.ContainsKey("#").Should().BeFalse();
        (await fixture.Bronze.LatestAsync("AA:BB:CC:DD:EE:02"))["MAC"]!.GetValue<string>().Should().Be("AABB.CCDD.EE02");
        fixture.Bronze.Logger.Messages.Should().Contain(m => m.Text.Contains("MAC 'not-a-mac' is not 12 hex digits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_repeating_a_MAC_with_the_same_session_keep_one_row_whatever_their_order_so_a_reordered_export_changes_nothing()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d2ties");
        Directory.CreateDirectory(fixture.DataFolder);
        var session = new DateTime(2025, 3, 2, 8, 0, 0);
        MiniExcel.SaveAs(Path.Combine(fixture.DataFolder, "keyconfigure_computers_2025_03_03.xlsx"), new[] { Computer("AA:BB:CC:DD:EE:01", session, owner: "b-owner"), Computer("AA:BB:CC:DD:EE:01", session, owner: "a-owner") });
        var first = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var kept = (await fixture.Bronze.LatestAsync("AA:BB:CC:DD:EE:01"))["Owner"]!.GetValue<string>();
        MiniExcel.SaveAs(Path.Combine(fixture.DataFolder, "keyconfigure_computers_2025_03_04.xlsx"), new[] { Computer("AA:BB:CC:DD:EE:01", session, owner: "a-owner"), Computer("AA:BB:CC:DD:EE:01", session, owner: "b-owner") });

        var second = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        first.Summary.Should().StartWith("keyconfigure_computers_2025_03_03.xlsx: 1 new, 0 changed, 0 unchanged");
        kept.Should().Be("a-owner");
        second.Summary.Should().StartWith("keyconfigure_computers_2025_03_04.xlsx: 0 new, 0 changed, 1 unchanged, 0 deleted");
        (await BronzeStepHarness.LatestRunAsync(fixture.Bronze)).Metadata.Should().Contain("\"duplicate_rows_in_file\": 1");
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged_and_a_missing_file_tombstones_nothing()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d2dry", DocumentsStepFixture.World);
        await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        fixture.Write(WorldMutator.Apply(DocumentsStepFixture.World));
        var before = await fixture.Bronze.FingerprintAsync();

        var dry = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration, dryRun: true);
        foreach (var file in Directory.EnumerateFiles(fixture.DataFolder, "keyconfigure*"))
        {
            File.Delete(file);
        }

        var missing = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        dry.Summary.Should().Contain("dry run: would insert");
        missing.Summary.Should().Be($"no keyconfigure_computers*.xlsx found in {fixture.DataFolder}: nothing ingested, bronze unchanged");
        (await fixture.Bronze.FingerprintAsync()).Should().Be(before);
    }
}
