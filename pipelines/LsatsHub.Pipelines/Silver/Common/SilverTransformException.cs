namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>A silver step's SQL failed: names the step, the SQL file and, when PostgreSQL says where, the line.</summary>
public sealed class SilverTransformException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stepName">The step.</param>
    /// <param name="fileName">The SQL file, relative to the pipelines project.</param>
    /// <param name="line">The 1-based line in the file, when known.</param>
    /// <param name="reason">What went wrong.</param>
    /// <param name="innerException">The database error, when there is one.</param>
    public SilverTransformException(string stepName, string fileName, int? line, string reason, Exception? innerException = null)
        : base($"{stepName}: {fileName}{(line is { } at ? $" line {at}" : string.Empty)}: {reason}", innerException)
    {
        StepName = stepName;
        FileName = fileName;
        Line = line;
    }

    /// <summary>The step whose SQL failed.</summary>
    public string StepName { get; }

    /// <summary>The SQL file.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line of the failing statement or position, when known.</summary>
    public int? Line { get; }
}
