using System.Text;
using LsatsHub.Connectors.Documents;

namespace LsatsHub.Connectors.Tests.Documents;

public sealed class LabAwardsCsvReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lsats-csv-" + Guid.NewGuid().ToString("N")[..12] + ".csv");

    public void Dispose() => File.Delete(_path);

    private async Task<List<DocumentRow>> ReadAsync(string text)
    {
        await File.WriteAllTextAsync(_path, text, new UTF8Encoding(true));
        var rows = new List<DocumentRow>();
        await foreach (var row in LabAwardsCsvReader.ReadAsync(_path))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task A_header_with_a_line_break_and_quoted_values_are_read_as_written()
    {
        var rows = await ReadAsync("\"Award Id\",\"Direct Sponsor Award Reference Number\n(Current Budget Period)\",Title\nAWD1,\"EF, \"\"2024\"\"\", Zoë \nAWD2,,\n");

        rows.Should().HaveCount(2);
        rows[0].Problem.Should().BeNull();
        rows[0].Values["Direct Sponsor Award Reference Number\n(Current Budget Period)"].Should().Be("EF, \"2024\"");
        rows[0].Values["Title"].Should().Be("Zoë");
        rows[1].Values["Title"].Should().BeNull();
        rows[1].Number.Should().Be(2);
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_carries_a_problem_and_the_rest_still_read()
    {
        var rows = await ReadAsync("A,B,C\n1,2,3\n4,5\n6,7,8\n");

        rows.Select(r => r.Problem is null).Should().Equal(true, false, true);
        rows[1].Problem.Should().Contain("2 fields where the header has 3");
        rows[2].Values["C"].Should().Be("8");
    }
}
