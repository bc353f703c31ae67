using System.Globalization;
using Dapper;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

[Collection(SilverCollection.Name)]
public sealed class BuildComputerAttributesTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Table = "silver.computer_attributes";

    private BuildComputerAttributes Step => bed.Step<BuildComputerAttributes>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_TDX_attribute_and_KeyConfigure_hardware_field_of_a_machine_is_one_row()
    {
        var expected = Expected(bed.World);

        await SilverUpstream.RunAsync(bed, Step, bed.Database);
        var result = await bed.RunAsync(Step);

        output.WriteLine(result.Summary);
        (await RowsAsync(bed.Database)).Should().BeEquivalentTo(expected);
        expected.Should().Contain(row => row.StartsWith("tdx|", StringComparison.Ordinal)).And.Contain(row => row.StartsWith("keyconfigure|", StringComparison.Ordinal));
        result.Summary.Should().Contain($": {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
    }

    [Fact]
    public async Task A_rerun_writes_nothing_and_a_changed_or_vanished_attribute_is_updated_or_removed()
    {
        await using var clone = await bed.CloneAsync("compattrs");
        await SilverUpstream.RunAsync(bed, Step, clone);
        await bed.RunAsync(Step, clone);
        var before = await SilverTable.ExactAsync(clone, Table);

        var rerun = await bed.RunAsync(Step, clone, fullRefresh: true);
        (await SilverTable.ExactAsync(clone, Table)).Should().Be(before);
        rerun.Summary.Should().Contain(": 0 inserted, 0 updated, 0 deleted, 0 skipped");

        var asset = ComputersTruth.Known(bed.World).Where(c => c.InTdx).OrderBy(c => c.Name, StringComparer.Ordinal).First();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            // The asset loses "Storage", its "Memory" changes, and one attribute without a name arrives.
            await connection.ExecuteAsync(
                """
                UPDATE silver.computers
                SET tdx_attributes = jsonb_set(tdx_attributes, '{all_attributes}',
                        (SELECT jsonb_agg(CASE WHEN e ->> 'Name' = 'Memory' THEN e || '{"Value": "32 GB"}' ELSE e END ORDER BY n)
                         FROM jsonb_array_elements(tdx_attributes -> 'all_attributes') WITH ORDINALITY AS a (e, n)
                         WHERE e ->> 'Name' <> 'Storage') || '[{"ID": 1, "Name": " "}]'::jsonb)
                WHERE tdx_asset_id = @Id
                """,
                new { Id = asset.TdxAssetId });
        }

        var result = await bed.RunAsync(Step, clone);

        result.Summary.Should().Contain(": 0 inserted, 1 updated, 1 deleted, 1 skipped").And.Contain("missing:attribute_name=1");
        var rows = await RowsAsync(clone);
        rows.Should().Contain($"tdx|{asset.Name}|Memory|32 GB|9005").And.NotContain(row => row.StartsWith($"tdx|{asset.Name}|Storage|", StringComparison.Ordinal));
    }

    /// <summary>source|computer_id|name|value|value_uid for every attribute the world's machines must have.</summary>
    private static List<string> Expected(SimWorld world)
    {
        var index = new WorldIndex(world);
        var projection = new TdxProjection(index);
        var rows = new List<string>();
        foreach (var computer in ComputersTruth.Known(world).Where(c => c.InTdx))
        {
            foreach (var attribute in projection.Asset(computer, full: true)["Attributes"]!.AsArray().Select(node => node!.AsObject()))
            {
                var value = TdxTruth.Text(attribute, "Value") ?? TdxTruth.Text(attribute, "ValueText");
                rows.Add($"tdx|{computer.Name}|{attribute["Name"]}|{value}|{attribute["ID"]}");
            }
        }

        foreach (var nics in KeyConfigureXlsx.Rows(index).GroupBy(row => (string)row["Name"], StringComparer.Ordinal))
        {
            var primary = nics.OrderByDescending(nic => (DateTime)nic["Last Session"]).First();
            string Number(string column, string format = "0") => Convert.ToDecimal(primary[column], CultureInfo.InvariantCulture).ToString(format, CultureInfo.InvariantCulture);
            foreach (var (name, value) in new[]
                     {
                         ("CPU", (string)primary["CPU"]), ("CPU Cores", Number("#")), ("CPU Sockets", Number("Sockets")), ("Clock Speed (MHz)", Number("Mhz")),
                         ("RAM (MB)", Number("RAM")), ("Disk (GB)", Number("Disk", "0.00")), ("Disk Free (GB)", Number("Free", "0.00")),
                     })
            {
                rows.Add($"keyconfigure|{nics.Key}|KeyConfigure {name}|{value}|");
            }
        }

        return rows;
    }

    private static async Task<List<string>> RowsAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            $"SELECT concat_ws('|', source_system, computer_id, attribute_name, coalesce(attribute_value, ''), coalesce(attribute_value_uid::text, '')) FROM {Table}")).ToList();
    }
}
