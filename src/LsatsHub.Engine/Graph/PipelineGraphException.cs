namespace LsatsHub.Engine.Graph;

/// <summary>The declared steps do not form a valid DAG; <see cref="Problems"/> names every culprit.</summary>
public sealed class PipelineGraphException : Exception
{
    /// <summary>Creates the exception from the list of problems found.</summary>
    /// <param name="problems">One line per problem, each naming the steps or datasets involved.</param>
    public PipelineGraphException(IReadOnlyList<string> problems)
        : base("The pipeline graph is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a single message.</summary>
    public PipelineGraphException()
        : this(["unspecified problem"])
    {
    }

    /// <summary>Creates the exception with a single problem.</summary>
    /// <param name="message">The problem.</param>
    public PipelineGraphException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a single problem and cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineGraphException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
