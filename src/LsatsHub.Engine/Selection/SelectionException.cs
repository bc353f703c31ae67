namespace LsatsHub.Engine.Selection;

/// <summary>
/// A selection (<c>--target</c>, <c>--select</c>, <c>--exclude</c>) is malformed, names something
/// unknown, or matches no step. <see cref="Exception.Message"/> is written for the person who typed it.
/// </summary>
public sealed class SelectionException : Exception
{
    /// <summary>Creates the exception from every problem found, one line each.</summary>
    /// <param name="problems">The problems; at least one.</param>
    public SelectionException(IReadOnlyList<string> problems)
        : base(Compose(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with an unspecified problem.</summary>
    public SelectionException()
        : this(["the selection is invalid"])
    {
    }

    /// <summary>Creates the exception with a single problem.</summary>
    /// <param name="message">The problem.</param>
    public SelectionException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a single problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public SelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    private static string Compose(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? problems[0]
            : "the selection is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem));
    }
}
