using LsatsHub.Pipelines.Bronze.Documents;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Bronze.Documents;

/// <summary>A bronze database and a data folder holding a world's document drops.</summary>
public sealed class DocumentsStepFixture : IAsyncDisposable
{
    private static readonly Lazy<SimWorld> LazyWorld = new(() => WorldGenerator.Generate(new WorldOptions(11, 0.002)));

    private DocumentsStepFixture(BronzeDatabase bronze)
    {
        Bronze = bronze;
        Folder = Path.Combine(Path.GetTempPath(), "lsats-docs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
    }

    public static SimWorld World => LazyWorld.Value;

    public BronzeDatabase Bronze { get; }

    public string Folder { get; }

    public string DataFolder => Path.Combine(Folder, "data");

    public Dictionary<string, string?> Configuration => new()
    {
        ["LSATS_DATA_FOLDER"] = DataFolder,
        ["BRONZE_MAX_BAD_RECORD_SHARE"] = "0.5",
    };

    public static async Task<DocumentsStepFixture> CreateAsync(string purpose, SimWorld? world = null)
    {
        var fixture = new DocumentsStepFixture(await BronzeDatabase.CreateAsync(purpose));
        if (world is not null)
        {
            fixture.Write(world);
        }

        return fixture;
    }

    /// <summary>Writes the world's documents, replacing the previous generation's.</summary>
    public void Write(SimWorld world) => new WorldFiles(Folder).WriteAll(new WorldIndex(world));

    public static Dictionary<string, string> LabAwardsOf(SimWorld world) =>
        LabAwardsCsv.Rows(new WorldIndex(world))
            .GroupBy(row => IngestLabAwards.ExternalId(row[0], row[7], row[8]), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => string.Join("\n", group.Select(row => string.Join("\u001f", row)).Order(StringComparer.Ordinal)), StringComparer.Ordinal);

    public static Dictionary<string, string> ComputersOf(SimWorld world) =>
        KeyConfigureXlsx.Rows(new WorldIndex(world))
            .ToDictionary(
                row => IngestKeyConfigureComputers.NormaliseMac((string)row["MAC"])!,
                row => string.Join("\u001f", row.Select(cell => $"{cell.Key}={Convert.ToString(cell.Value, System.Globalization.CultureInfo.InvariantCulture)}")),
                StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Bronze.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
