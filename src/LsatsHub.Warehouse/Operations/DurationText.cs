using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Warehouse.Operations;

/// <summary>Durations as operators write them: <c>36h</c>, <c>8d</c>, <c>90m</c>, <c>1d12h</c>, <c>2w</c>.</summary>
public static partial class DurationText
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration, when the text is one and is positive.</param>
    /// <returns>True when it parsed.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var value = part.Value;
            var number = double.Parse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            duration += char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(number),
                'm' => TimeSpan.FromMinutes(number),
                'h' => TimeSpan.FromHours(number),
                'd' => TimeSpan.FromDays(number),
                _ => TimeSpan.FromDays(7 * number),
            };
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>A short form for tables: <c>36h</c>, <c>8d</c>, <c>1d12h</c>, <c>45m</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Negate());
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m");
        }

        if (duration < TimeSpan.FromDays(2))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h");
        }

        return duration.Hours == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.Days}d")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.Days}d{duration.Hours}h");
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?[smhdwSMHDW])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
