using Npgsql;

namespace LsatsHub.Engine.Records;

/// <summary>Runs commands against the meta tables, turning "table does not exist" into advice.</summary>
internal static class RunRecordsCommands
{
    public static async Task ExecuteNonQueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (RunRecordsMissingException.IsMissingTable(exception))
        {
            throw new RunRecordsMissingException(RunRecordsMissingException.Advice, exception);
        }
    }

    public static async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException exception) when (RunRecordsMissingException.IsMissingTable(exception))
        {
            throw new RunRecordsMissingException(RunRecordsMissingException.Advice, exception);
        }
    }
}
