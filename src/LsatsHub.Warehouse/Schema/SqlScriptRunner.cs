using Npgsql;

namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// Runs a script statement by statement inside the caller's transaction. Statements are sent one at a time so
/// that a server error position (relative to the statement) maps back to a line of the file.
/// </summary>
internal static class SqlScriptRunner
{
    /// <summary>Runs every statement of <paramref name="script"/>.</summary>
    /// <returns>How many statements ran.</returns>
    /// <exception cref="SqlFileException">A statement failed; the caller's transaction is now aborted.</exception>
    public static async Task<int> ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string relativePath,
        string script,
        CancellationToken cancellationToken)
    {
        var statements = SqlScriptSplitter.Split(script);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement.Text, connection, transaction);
            command.CommandTimeout = 0;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException error)
            {
                throw ToFileException(relativePath, script, statement, error);
            }
        }

        return statements.Count;
    }

    private static SqlFileException ToFileException(string relativePath, string script, SqlStatement statement, PostgresException error)
    {
        var line = error.Position > 0
            ? SqlScriptSplitter.LineAt(script, statement.Offset + error.Position - 1)
            : statement.FirstLine;
        var message = string.IsNullOrEmpty(error.Hint) ? error.MessageText : $"{error.MessageText} (hint: {error.Hint})";
        return new SqlFileException(relativePath.Replace('\\', '/'), line, error.SqlState, message, error);
    }
}
