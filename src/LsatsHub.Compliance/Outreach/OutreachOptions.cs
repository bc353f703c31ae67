using System.Globalization;

namespace LsatsHub.Compliance.Outreach;

/// <summary>How one second or third outreach run behaves.</summary>
/// <param name="Kind">Second or third outreach.</param>
/// <param name="ReportId">The TDX report whose rows are the tickets (31623, "Unified List Mgmt - Awaiting Input").</param>
/// <param name="MinInterval">A ticket that got this outreach less than this long ago gets nothing.</param>
/// <param name="DryRun">Read TDX and the log, write nothing anywhere.</param>
public sealed record OutreachOptions(OutreachKind Kind, int ReportId, TimeSpan MinInterval, bool DryRun)
{
    /// <summary>The report the original scripts read.</summary>
    public const int DefaultReportId = 31623;

    /// <summary>The default minimum interval between two outreaches of one kind to one ticket.</summary>
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromDays(7);

    /// <summary>Ticket status "Awaiting Input".</summary>
    public int AwaitingInputStatusId { get; init; } = 620;

    /// <summary>Responsible group LSA-TS-UnifiedListManagement.</summary>
    public int ResponsibleGroupId { get; init; } = 1678;

    /// <summary>The asset attribute holding the financial owner's UID.</summary>
    public int FinancialOwnerAttributeId { get; init; } = 10896;

    /// <summary>The kind as stored in <c>meta.compliance_outreach.kind</c> and named in commands.</summary>
    public string KindName => Name(Kind);

    /// <summary>The stored name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>second</c> or <c>third</c>.</returns>
    public static string Name(OutreachKind kind) => kind == OutreachKind.Second ? "second" : "third";

    /// <summary>Reads a minimum interval: a number with <c>d</c>, <c>h</c> or <c>m</c> (<c>7d</c>, <c>36h</c>, <c>90m</c>); a bare number is days.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="FormatException">Not such a text, or not positive.</exception>
    public static TimeSpan ParseInterval(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var hasUnit = trimmed.Length > 0 && char.IsLetter(trimmed[^1]);
        var unit = hasUnit ? char.ToLowerInvariant(trimmed[^1]) : 'd';
        var number = hasUnit ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value) || unit is not ('d' or 'h' or 'm'))
        {
            throw new FormatException($"'{text}' is not a minimum interval: write a positive number with d, h or m, e.g. 7d, 36h or 90m.");
        }

        return unit switch
        {
            'h' => TimeSpan.FromHours(value),
            'm' => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromDays(value),
        };
    }
}
