using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LsatsHub.Compliance.Outreach;

/// <summary>The outreach comments and how a posted one is recognised in a ticket's feed.</summary>
public static partial class CommentText
{
    /// <summary>
    /// The hash a comment is known by: SHA-256 of its text with tags, entities and whitespace removed, so a feed entry
    /// whose HTML TDX re-serialised still matches the comment that was claimed.
    /// </summary>
    /// <param name="html">The comment.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Hash(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = WebUtility.HtmlDecode(Tags().Replace(html, string.Empty));
        var compact = Whitespace().Replace(text, string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(compact)));
    }

    /// <summary>The first <c>&lt;table…&gt;…&lt;/table&gt;</c> block of a ticket description, or null when it has none.</summary>
    /// <param name="description">The description (HTML).</param>
    /// <returns>The block, verbatim.</returns>
    public static string? FirstTable(string? description) =>
        description is not null && Table().Match(description) is { Success: true } match ? match.Value : null;

    /// <summary>The third-outreach escalation comment.</summary>
    /// <param name="customerName">The requestor's name as the report shows it.</param>
    /// <param name="table">The computers table cut from the ticket's description.</param>
    /// <param name="copied">True when chief administrators or financial owners were added as contacts.</param>
    /// <returns>The comment (HTML).</returns>
    public static string Third(string customerName, string table, bool copied)
    {
        ArgumentNullException.ThrowIfNull(table);
        var html = new StringBuilder();
        if (copied)
        {
            html.Append("<p>(CA is copied for awareness)</p>");
        }

        html.Append("<p>Hello ").Append(WebUtility.HtmlEncode(customerName.Trim())).Append(",</p>");
        html.Append("<p>For several weeks we have tried to reach you about the computers below, which do not meet the university's ");
        html.Append("security and compliance requirements. Please remediate them as soon as possible: computers that remain non-compliant ");
        html.Append("may lose their network connectivity.</p>");
        html.Append(table);
        html.Append("<p>We are glad to help: reply to this ticket and we will meet you on campus. If a computer is no longer in use, ");
        html.Append("let us know and we will arrange to collect it.</p>");
        html.Append("<p>Thank you,<br>LSA Technology Services Desktop Support team</p>");
        return html.ToString();
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<table\b[^>]*>.*?</table\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Table();
}
