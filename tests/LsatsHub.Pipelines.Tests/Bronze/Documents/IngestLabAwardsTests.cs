using System.Text;
using LsatsHub.Pipelines.Bronze.Documents;
using LsatsHub.Pipelines.Tests.Bronze.UmApi;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;

namespace LsatsHub.Pipelines.Tests.Bronze.Documents;

public sealed class IngestLabAwardsTests
{
    private static readonly IngestLabAwards Step = new();

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Row(Dictionary<string, string> values) =>
        string.Join(",", LabAwardsCsv.Columns.Select(column => Quote(values.GetValueOrDefault(column, "")))) + "\n";

    private static Dictionary<string, string> Award(string awardId, string uniqname, string role = "Principal Investigator") => new()
    {
        ["Award Id"] = awardId,
        ["Person Uniqname"] = uniqname,
        ["Person Appt Department Id"] = "185500",
        ["Person Role"] = role,
        ["Award Title"] = "Studies, of \"Example\" Phenomena\nsecond line",
        ["Person Last Name"] = "Smith, \"Jr.\"",
        ["Person First Name"] = "Zoë Ørsted-Łukasz",
        [LabAwardsCsv.SponsorReferenceColumn] = "EF-2024-001",
    };

    private static void WriteCsv(string folder, string name, params string[] rows)
    {
        Directory.CreateDirectory(folder);
        var header = string.Join(",", LabAwardsCsv.Columns.Select(Quote)) + "\n";
        File.WriteAllText(Path.Combine(folder, name), header + string.Concat(rows), new UTF8Encoding(false));
    }

    [Fact]
    public async Task A_first_run_inserts_every_award_row_a_rerun_nothing_and_a_new_export_exactly_its_changes()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d1first", DocumentsStepFixture.World);
        var awards = DocumentsStepFixture.LabAwardsOf(DocumentsStepFixture.World);

        var first = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var firstChanges = await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze);
        var rerun = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var mutated = WorldMutator.Apply(DocumentsStepFixture.World);
        var expected = BronzeStepHarness.ExpectedChanges(awards, DocumentsStepFixture.LabAwardsOf(mutated));
        fixture.Write(mutated);
        await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        first.Summary.Should().Contain($"{awards.Count} new, 0 changed, 0 unchanged, 0 deleted");
        firstChanges.Keys.Should().BeEquivalentTo(awards.Keys);
        rerun.Summary.Should().Contain($"0 new, 0 changed, {awards.Count} unchanged, 0 deleted");
        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d1dry", DocumentsStepFixture.World);
        await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        fixture.Write(WorldMutator.Apply(DocumentsStepFixture.World));
        var before = await fixture.Bronze.FingerprintAsync();

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration, dryRun: true);

        (await fixture.Bronze.FingerprintAsync()).Should().Be(before);
        result.Summary.Should().Contain("dry run: would insert");
    }

    [Fact]
    public async Task Quotes_commas_line_breaks_and_non_ascii_land_intact_while_malformed_rows_are_counted_and_skipped()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d1dirty");
        WriteCsv(
            fixture.DataFolder,
            "lab_awards_2025_04_01.csv",
            Row(Award("AWD1", "ZOE")),
            Row(Award("AWD2", "bsmith")),
            "\"AWD3\",\"too\",\"few\"\n",
            Row(new Dictionary<string, string>(Award("", "nobody"))));

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        result.Summary.Should().Be("lab_awards_2025_04_01.csv: 2 new, 0 changed, 0 unchanged, 0 deleted, 2 bad records skipped");
        var stored = await fixture.Bronze.LatestAsync("AWD1-zoe-185500");
        stored["Person Last Name"]!.GetValue<string>().Should().Be("Smith, \"Jr.\"");
        stored["Person First Name"]!.GetValue<string>().Should().Be("Zoë Ørsted-Łukasz");
        stored["Award Title"]!.GetValue<string>().Should().Be("Studies, of \"Example\" Phenomena\nsecond line");
        stored[LabAwardsCsv.SponsorReferenceColumn]!.GetValue<string>().Should().Be("EF-2024-001");
        stored["Person Appt Department Id"]!.GetValue<string>().Should().Be("185500");
        stored["Prime Sponsor Name"].Should().BeNull();
        fixture.Bronze.Logger.Messages.Should().Contain(m => m.Text.Contains("row 3", StringComparison.Ordinal) && m.Text.Contains("3 fields", StringComparison.Ordinal));
        fixture.Bronze.Logger.Messages.Should().Contain(m => m.Text.Contains("row 4: no Award Id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_repeating_a_key_are_de_duplicated_whatever_their_order_so_a_reordered_export_changes_nothing()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d1dupes");
        WriteCsv(fixture.DataFolder, "lab_awards_2025_04_01.csv", Row(Award("AWD1", "zoe", "Co-Investigator")), Row(Award("AWD1", "zoe")));
        var first = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        WriteCsv(fixture.DataFolder, "lab_awards_2025_05_01.csv", Row(Award("AWD1", "zoe")), Row(Award("AWD1", "zoe", "Co-Investigator")));

        var second = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);

        first.Summary.Should().StartWith("lab_awards_2025_04_01.csv: 1 new, 0 changed, 0 unchanged");
        second.Summary.Should().StartWith("lab_awards_2025_05_01.csv: 0 new, 0 changed, 1 unchanged, 0 deleted");
        (await BronzeStepHarness.LatestRunAsync(fixture.Bronze)).Metadata.Should().Contain("\"duplicate_rows_in_file\": 1");
    }

    [Fact]
    public async Task A_missing_file_succeeds_with_a_clear_summary_and_never_tombstones_what_is_stored()
    {
        await using var fixture = await DocumentsStepFixture.CreateAsync("d1missing", DocumentsStepFixture.World);
        await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        foreach (var file in Directory.EnumerateFiles(fixture.DataFolder, "lab_awards*"))
        {
            File.Delete(file);
        }

        var before = await fixture.Bronze.FingerprintAsync();

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, fixture.Configuration);
        var noFolder = await BronzeStepHarness.RunAsync(fixture.Bronze, Step, new Dictionary<string, string?> { ["LSATS_DATA_FOLDER"] = fixture.DataFolder + "-absent" });

        result.Summary.Should().Be($"no lab_awards*.csv found in {fixture.DataFolder}: nothing ingested, bronze unchanged");
        noFolder.Summary.Should().Contain("does not exist");
        (await fixture.Bronze.FingerprintAsync()).Should().Be(before);
    }
}
