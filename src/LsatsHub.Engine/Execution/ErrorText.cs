using System.Text;

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Turns failures into the short texts kept in run reports and records: exception type and message
/// (and those of inner exceptions), one paragraph, bounded; never a stack trace.
/// </summary>
internal static class ErrorText
{
    /// <summary>Longest text kept; the run records are for people, not for dumps.</summary>
    public const int MaxLength = 2000;

    private const int MaxInnerExceptions = 3;

    /// <summary>"Type: message", followed by up to three inner exceptions.</summary>
    public static string Describe(Exception exception)
    {
        var text = new StringBuilder();
        text.Append(exception.GetType().Name).Append(": ").Append(exception.Message);
        var inner = exception.InnerException;
        for (var depth = 0; inner is not null && depth < MaxInnerExceptions; depth++, inner = inner.InnerException)
        {
            text.Append(" ---> ").Append(inner.GetType().Name).Append(": ").Append(inner.Message);
        }

        return Bound(text.ToString());
    }

    /// <summary>Collapses line breaks and runs of white space into single spaces and cuts at <see cref="MaxLength"/>.</summary>
    public static string Bound(string text)
    {
        var flat = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = flat.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                flat.Append(' ');
                pendingSpace = false;
            }

            flat.Append(character);
            if (flat.Length > MaxLength)
            {
                break;
            }
        }

        return flat.Length > MaxLength ? string.Concat(flat.ToString(0, MaxLength - 1), "…") : flat.ToString();
    }
}
