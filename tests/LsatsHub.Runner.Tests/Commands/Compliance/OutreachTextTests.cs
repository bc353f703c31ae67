using LsatsHub.Compliance.Outreach;

namespace LsatsHub.Runner.Tests.Commands.Compliance;

/// <summary>The pure parts of the outreach: department keys, the Unit Assignments sheet, intervals, comment text.</summary>
public sealed class OutreachTextTests
{
    [Theory]
    [InlineData("170500 - LSA Chemistry", "LSA CHEMISTRY")]
    [InlineData("LSA  Chemistry 170500", "LSA CHEMISTRY")]
    [InlineData("  lsa chemistry ", "LSA CHEMISTRY")]
    [InlineData("None", "NONE")]
    [InlineData("", "")]
    public void A_department_is_compared_without_its_code_case_or_extra_spaces(string department, string key) =>
        UnitAssignments.Key(department).Should().Be(key);

    [Fact]
    public void The_sheet_is_read_under_its_row_6_header_by_column_name_and_a_repeated_department_keeps_its_first_row()
    {
        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["LSA Finance"], [], [], [], [],
            ["Notes", "Chief Administrator / Department Manager", "Department", "CA Email"],
            ["", "Smith, Ann", "LSA Chemistry", "asmith@umich.edu"],
            ["", "Jones, Bo", "LSA Chemistry", "bjones@umich.edu"],
            ["", "", "LSA Physics", ""],
        ];

        var sheet = UnitAssignments.FromRows(rows);

        sheet.Count.Should().Be(1);
        sheet.Find("170500 - LSA Chemistry").Should().BeEquivalentTo(new { CaEmail = "asmith@umich.edu", CaLastName = "Smith", Row = 7 });
        sheet.Find("LSA Physics").Should().BeNull();
        sheet.Problems.Should().HaveCount(2).And.Contain(p => p.StartsWith("row 8:", StringComparison.Ordinal)).And.Contain(p => p.StartsWith("row 9:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sheet_without_the_CA_email_column_is_refused_naming_it() =>
        FluentActions.Invoking(() => UnitAssignments.FromRows([[], [], [], [], [], ["Department", "CA"]]))
            .Should().Throw<FormatException>().WithMessage("*no column 'CA Email'*row 6*");

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("36h", 36 * 60)]
    [InlineData("90m", 90)]
    [InlineData("2", 2 * 24 * 60)]
    public void An_interval_is_days_hours_or_minutes(string text, int minutes) =>
        OutreachOptions.ParseInterval(text).Should().Be(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("7w")]
    [InlineData("soon")]
    public void A_bad_interval_is_refused(string text) =>
        FluentActions.Invoking(() => OutreachOptions.ParseInterval(text)).Should().Throw<FormatException>().WithMessage("*7d, 36h or 90m*");

    [Fact]
    public void The_first_table_is_cut_verbatim_and_a_description_without_one_has_none()
    {
        const string description = "<p>Hi</p><TABLE class=\"x\"><tr><td>A</td></tr></TABLE><p>x</p><table><tr><td>B</td></tr></table>";

        CommentText.FirstTable(description).Should().Be("<TABLE class=\"x\"><tr><td>A</td></tr></TABLE>");
        CommentText.FirstTable("<p>Synthetic ticket.</p>").Should().BeNull();
    }

    [Fact]
    public void A_comment_is_recognised_when_TDX_re_serialises_its_html_but_not_when_its_text_differs()
    {
        var hash = CommentText.Hash("<p>Hello Ann,</p>\n<table><tr><td>PC&amp;1</td></tr></table>");

        CommentText.Hash("<p>Hello Ann,</p><table><tbody><tr><td>PC&1</td></tr></tbody></table>").Should().Be(hash);
        CommentText.Hash("<p>Hello Bo,</p><table><tr><td>PC&1</td></tr></table>").Should().NotBe(hash);
    }

    [Fact]
    public void The_third_comment_escapes_the_customer_name_and_says_when_someone_is_copied()
    {
        var copied = CommentText.Third("Ann <Smith>", "<table></table>", copied: true);
        var alone = CommentText.Third("Ann", "<table></table>", copied: false);

        copied.Should().StartWith("<p>(CA is copied for awareness)</p><p>Hello Ann &lt;Smith&gt;,</p>").And.Contain("<table></table>");
        alone.Should().StartWith("<p>Hello Ann,</p>");
    }
}
