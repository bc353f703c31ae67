using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LsatsHub.Compliance.Create;

/// <summary>
/// The ticket's description: greeting, the two fixed paragraphs, one table of the owner's computers (Name, OS, Serial,
/// Issue(s), Fix(es)), the walk-in link and the sign-off. Every sheet text is HTML-escaped (the original pasted it raw);
/// newlines become <c>&lt;br&gt;</c> and http(s) links become anchors. The table is the description's only
/// <c>&lt;table&gt;</c>: the third outreach copies it from here.
/// </summary>
public static partial class ComplianceTicketHtml
{
    /// <summary>The walk-in support page linked from every ticket.</summary>
    public const string WalkInUrl = "https://lsa.umich.edu/technology-services/help-support.html";

    /// <summary>The title: <c>{tab} Computer Compliance report for {owner}</c> (the tab is the month).</summary>
    /// <param name="tab">The month tab.</param>
    /// <param name="owner">The owner's name.</param>
    /// <returns>The title.</returns>
    public static string Title(string tab, string owner) => $"{tab.Trim()} Computer Compliance report for {owner.Trim()}";

    /// <summary>The description.</summary>
    /// <param name="firstName">The greeting's name.</param>
    /// <param name="rows">The owner's rows.</param>
    /// <returns>HTML.</returns>
    public static string Description(string firstName, IReadOnlyList<ComplianceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder();
        html.Append("<p>Hello ").Append(Text(firstName)).Append(",</p>");
        html.Append("<p>LSA Technology Services checks every month that the computers of LSA meet the university's security standards. ")
            .Append("The computers below, which you own, did not meet them this month.</p>");
        html.Append("<p>Please apply the fixes listed, then reply to this ticket so that we can check them again. ")
            .Append("If a computer is no longer in use or no longer yours, reply and tell us.</p>");
        html.Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse: collapse;\"><thead><tr>")
            .Append("<th>Name</th><th>OS</th><th>Serial</th><th>Issue(s)</th><th>Fix(es)</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr><td>").Append(Text(row.Hostname))
                .Append("</td><td>").Append(Text(row.OperatingSystem))
                .Append("</td><td>").Append(Text(row.Serial))
                .Append("</td><td>").Append(string.Join("<br>", row.Issues.Select(Text)))
                .Append("</td><td>").Append(string.Join("<br>", row.Fixes.Select(Text)))
                .Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append("<p>Need a hand? Bring the computer to <a href=\"").Append(WalkInUrl).Append("\">LSA Technology Services walk-in support</a>.</p>");
        html.Append("<p>Thank you,<br>LSA Technology Services Desktop Support team</p>");
        return html.ToString();
    }

    /// <summary>Escapes text for HTML, turns newlines into line breaks and links into anchors.</summary>
    /// <param name="text">Plain text from the sheet.</param>
    /// <returns>Safe HTML.</returns>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = WebUtility.HtmlEncode(text.Trim());
        encoded = Link().Replace(encoded, m => $"<a href=\"{m.Value}\">{m.Value}</a>");
        return encoded.Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal).Replace("\r", "<br>", StringComparison.Ordinal);
    }

    // After encoding, so the URL holds no quote or angle bracket; a trailing full stop or comma ends the sentence, not the link.
    [GeneratedRegex(@"https?://[^\s<>""']+?(?=[.,;:!?)]?(\s|$))")]
    private static partial Regex Link();
}
