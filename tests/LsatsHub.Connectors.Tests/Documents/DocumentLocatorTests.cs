using LsatsHub.Connectors.Documents;

namespace LsatsHub.Connectors.Tests.Documents;

public sealed class DocumentLocatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lsats-locator-" + Guid.NewGuid().ToString("N")[..12]);

    public DocumentLocatorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Touch(string name, DateTime modifiedUtc)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, modifiedUtc);
        return path;
    }

    [Fact]
    public void The_date_in_the_name_decides_over_the_modification_time()
    {
        Touch("lab_awards_2025_03_01.csv", new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        var newest = Touch("lab_awards_2025-04.csv", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Touch("~$lab_awards_2026_01_01.csv", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Touch("keyconfigure_computers_2027_01_01.xlsx", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var lookup = DocumentLocator.FindNewest(_folder, DocumentPattern.LabAwards);

        lookup.File!.Path.Should().Be(newest);
        lookup.File.Date.Should().Be(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        lookup.File.DateSource.Should().Be(DocumentDateSource.FileName);
    }

    [Fact]
    public void A_name_without_a_date_is_dated_by_its_modification_time()
    {
        Touch("lab_awards_2025_03_01.csv", new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc));
        var undated = Touch("lab_awards_latest.csv", new DateTime(2025, 3, 5, 0, 0, 0, DateTimeKind.Utc));

        var lookup = DocumentLocator.FindNewest(_folder, DocumentPattern.LabAwards);

        lookup.File!.Path.Should().Be(undated);
        lookup.File.DateSource.Should().Be(DocumentDateSource.ModificationTime);
    }

    [Fact]
    public void No_matching_file_or_no_folder_is_a_reason_naming_pattern_and_folder()
    {
        DocumentLocator.FindNewest(_folder, DocumentPattern.KeyConfigureComputers).MissingReason
            .Should().Be($"no keyconfigure_computers*.xlsx found in {_folder}");
        DocumentLocator.FindNewest(_folder + "-gone", DocumentPattern.LabAwards).MissingReason
            .Should().Be($"no lab_awards*.csv found: the data folder {_folder}-gone does not exist");
    }
}
