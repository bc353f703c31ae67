using LsatsHub.Compliance.Create;

namespace LsatsHub.Compliance.Tests.Create;

public sealed class ComplianceTicketHtmlTests
{
    [Fact]
    public void Sheet_text_is_escaped_newlines_become_breaks_and_links_become_anchors()
    {
        var row = new ComplianceRow(3, "Ann Lee", "ann@umich.edu", "1 - Dept", "LSA-<b>1", "SN&1", "Windows 10", ["Unsupported OS", "Missing <Patches>"],
            ["Upgrade.\nSee https://its.umich.edu/os for versions.", "Install updates & reboot <now>."]);

        var html = ComplianceTicketHtml.Description("Ann", [row]);

        html.Should().Contain("<td>LSA-&lt;b&gt;1</td><td>Windows 10</td><td>SN&amp;1</td>")
            .And.Contain("Unsupported OS<br>Missing &lt;Patches&gt;")
            .And.Contain("Upgrade.<br>See <a href=\"https://its.umich.edu/os\">https://its.umich.edu/os</a> for versions.")
            .And.Contain("Install updates &amp; reboot &lt;now&gt;.")
            .And.NotContain("<b>1");
        html.Split("<table").Should().HaveCount(2, "the description has exactly one table, which the third outreach copies");
    }

    [Fact]
    public void The_title_names_the_month_tab_and_the_owner()
    {
        ComplianceTicketHtml.Title(" March ", "Ann Lee ").Should().Be("March Computer Compliance report for Ann Lee");
    }

    [Theory]
    [InlineData("https://teamdynamix.umich.edu/SBTDWebApi/api", "https://teamdynamix.umich.edu/SBTDNext/Apps/46/Tickets/TicketDet?TicketID=7")]
    [InlineData("https://teamdynamix.umich.edu/TDWebApi/api/", "https://teamdynamix.umich.edu/TDNext/Apps/46/Tickets/TicketDet?TicketID=7")]
    public void A_ticket_link_points_at_the_web_UI_of_the_same_tenant(string baseUrl, string link)
    {
        var options = new ComplianceCreateOptions { Tab = "March", WebRoot = ComplianceCreateOptions.WebRootOf(new Uri(baseUrl)) };

        options.TicketUrl(7).ToString().Should().Be(link);
    }
}
