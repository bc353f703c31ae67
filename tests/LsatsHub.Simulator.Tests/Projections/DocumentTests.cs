using CsvHelper;
using LsatsHub.Simulator.Projections;
using MiniExcelLibs;

namespace LsatsHub.Simulator.Tests.Projections;

public sealed class DocumentTests
{
    private readonly WorldIndex _index = new(Worlds.Small);

    [Fact]
    public void The_awards_csv_parses_back_to_the_generated_rows_with_the_newline_column()
    {
        using var folder = new TempFolder();
        new WorldFiles(folder.Path).WriteAll(_index);
        var path = Path.Combine(folder.Path, "data", LabAwardsCsv.FileName(_index.World.AsOf));

        var rows = new List<string[]>();
        string[] header;
        using (var reader = CsvReader.Create(new StreamReader(path), CsvReaderOptions.Default, false))
        {
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
            }

            header = [.. reader.Headers!];
        }

        header.Should().Equal(LabAwardsCsv.Columns);
        header.Should().Contain("Direct Sponsor Award Reference Number\n(Current Budget Period)");
        rows.Should().BeEquivalentTo(LabAwardsCsv.Rows(_index).Select(r => r.ToArray()), o => o.WithStrictOrdering());
        rows.Should().HaveCount(_index.World.Awards.Sum(a => a.People.Count));
    }

    [Fact]
    public void The_keyconfigure_workbook_parses_back_to_one_row_per_network_interface()
    {
        using var folder = new TempFolder();
        new WorldFiles(folder.Path).WriteAll(_index);
        var path = Path.Combine(folder.Path, "data", KeyConfigureXlsx.FileName(_index.World.AsOf));

        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();

        var expected = KeyConfigureXlsx.Rows(_index).ToList();
        rows.Should().HaveCount(expected.Count);
        rows[0].Keys.Should().Equal(KeyConfigureXlsx.Columns);
        rows.Select(r => (string)r["MAC"]).Should().Equal(expected.Select(r => (string)r["MAC"]));
        rows.Select(r => (string)r["OEM SN"]).Should().Equal(expected.Select(r => (string)r["OEM SN"]));
        rows.Select(r => Convert.ToInt32(r["RAM"], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(expected.Select(r => (int)r["RAM"]));
        rows.Select(r => (DateTime)r["Last Session"]).Should().Equal(expected.Select(r => (DateTime)r["Last Session"]));
        expected.Count.Should().BeGreaterThan(_index.World.Computers.Count(c => c.InKeyConfigure), "machines with two NICs have two rows");
    }
}
