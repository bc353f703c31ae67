namespace LsatsHub.Warehouse.Schema;

/// <summary>A statement of a warehouse SQL file failed; the file's transaction was rolled back.</summary>
public sealed class SqlFileException : WarehouseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="relativePath">The file, relative to the sql folder (e.g. <c>production_schema.sql</c>).</param>
    /// <param name="line">The 1-based line of the file the error points at.</param>
    /// <param name="sqlState">The PostgreSQL SQLSTATE.</param>
    /// <param name="postgresMessage">The PostgreSQL message (with its detail and hint when given).</param>
    /// <param name="innerException">The server's error.</param>
    /// <param name="consequence">What the failure left behind, for the message (by default: nothing was applied).</param>
    public SqlFileException(
        string relativePath,
        int line,
        string sqlState,
        string postgresMessage,
        Exception innerException,
        string consequence = "nothing was applied, the database is as it was")
        : base($"{relativePath}:{line}: {postgresMessage} (SQLSTATE {sqlState}); {consequence}", innerException)
    {
        RelativePath = relativePath;
        Line = line;
        SqlState = sqlState;
        PostgresMessage = postgresMessage;
    }

    /// <summary>The file, relative to the sql folder, with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>The 1-based line of the file the error points at.</summary>
    public int Line { get; }

    /// <summary>The PostgreSQL SQLSTATE.</summary>
    public string SqlState { get; }

    /// <summary>The PostgreSQL message (with its detail and hint when given).</summary>
    public string PostgresMessage { get; }

    /// <summary>The same failure with another statement of what it left behind.</summary>
    /// <param name="consequence">What the failure left behind.</param>
    /// <returns>A new exception with the same file, line, state and cause.</returns>
    public SqlFileException WithConsequence(string consequence) =>
        new(RelativePath, Line, SqlState, PostgresMessage, InnerException!, consequence);
}
