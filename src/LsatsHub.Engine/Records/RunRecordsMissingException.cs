using Npgsql;

namespace LsatsHub.Engine.Records;

/// <summary>The run record tables (<c>meta.pipeline_runs</c>, <c>meta.step_runs</c>) do not exist in the database.</summary>
public sealed class RunRecordsMissingException : InvalidOperationException
{
    /// <summary>The message every caller sees.</summary>
    public const string Advice = "The run record tables meta.pipeline_runs / meta.step_runs do not exist in this database; install the warehouse (which creates them with RunRecordsSchema) first.";

    /// <summary>Creates the exception with the standard advice.</summary>
    public RunRecordsMissingException()
        : base(Advice)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    /// <param name="message">The message.</param>
    public RunRecordsMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the standard advice and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The database error.</param>
    public RunRecordsMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when a database error means the schema or table is missing.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>Whether it is "undefined table" or "invalid schema name".</returns>
    internal static bool IsMissingTable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName;
}
