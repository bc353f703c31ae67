using LsatsHub.Connectors.Sheets;

namespace LsatsHub.Connectors.Tests.Sheets;

public sealed class SheetRangeTests
{
    [Theory]
    [InlineData("March", "March", 1, 1, null, null)]
    [InlineData("TDX!H2:H", "TDX", 2, 8, null, 8)]
    [InlineData("'Unit Assignments'!A6:F", "Unit Assignments", 6, 1, null, 6)]
    [InlineData("Sheet1!B3", "Sheet1", 3, 2, 3, 2)]
    [InlineData("'It''s'!AA10:AB12", "It's", 10, 27, 12, 28)]
    public void A1_notation_parses_into_tab_rows_and_columns(string a1, string tab, int firstRow, int firstColumn, int? lastRow, int? lastColumn)
    {
        var range = SheetRange.Parse(a1);

        range.Should().Be(new SheetRange(tab, firstRow, firstColumn, lastRow, lastColumn));
    }

    [Theory]
    [InlineData("March")]
    [InlineData("TDX!H2:H")]
    [InlineData("'Unit Assignments'!A6:F")]
    [InlineData("Sheet1!B3")]
    [InlineData("Sheet1!B3:D9")]
    public void A_range_written_out_parses_back_to_itself(string a1)
    {
        var range = SheetRange.Parse(a1);

        SheetRange.Parse(range.ToString()).Should().Be(range);
    }

    [Fact]
    public void Column_letters_and_numbers_convert_both_ways()
    {
        SheetRange.ColumnLetters(1).Should().Be("A");
        SheetRange.ColumnLetters(26).Should().Be("Z");
        SheetRange.ColumnLetters(27).Should().Be("AA");
        SheetRange.ColumnNumber("ab").Should().Be(28);
    }

    [Fact]
    public void A_table_finds_columns_by_trimmed_header_in_any_case_and_names_missing_ones()
    {
        var table = SheetTable.FromValues("March", 2, [["title"], [" Owner ", "owner email", "Ticket"], ["Ann", "ann@umich.edu"], [], ["Bob", "bob@umich.edu", "=1"]]);

        table.Rows.Select(r => r.RowNumber).Should().Equal(3, 5);
        table.Rows[0]["OWNER"].Should().Be("Ann");
        table.Rows[0].Value("Ticket").Should().BeNull();
        table.Rows[1].Value("Ticket").Should().Be("=1");
        var missing = () => table.RequireColumns("Owner", "Serial", "Fix");
        missing.Should().Throw<ConnectorException>().WithMessage("*row 2*'Serial', 'Fix'*");
    }
}
