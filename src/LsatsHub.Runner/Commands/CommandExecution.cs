using System.CommandLine;
using LsatsHub.Engine;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Postgres;
using LsatsHub.Engine.Records;
using LsatsHub.Engine.Selection;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse.Postgres;
using Npgsql;

namespace LsatsHub.Runner.Commands;

/// <summary>
/// Runs a command body inside a session and turns every expected failure into a clear message on
/// standard error and a documented exit code; never a stack trace, never a secret.
/// </summary>
internal static class CommandExecution
{
    public static async Task<int> RunAsync(
        RunnerEnvironment environment,
        ParseResult parseResult,
        string commandName,
        bool logToFile,
        IReadOnlyDictionary<string, string> overrides,
        Func<CommandSession, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        bool informational = false)
    {
        CommandSession? session = null;
        try
        {
            session = CommandSession.Open(environment, parseResult, commandName, logToFile, overrides, informational);
            return await body(session, cancellationToken);
        }
        catch (ConfigurationException exception)
        {
            return Fail(environment, session, "configuration error: " + exception.Message, ExitCodes.UsageError);
        }
        catch (PipelineGraphException exception)
        {
            return Fail(environment, session, exception.Message, ExitCodes.UsageError);
        }
        catch (SelectionException exception)
        {
            return Fail(environment, session, "selection error: " + exception.Message, ExitCodes.UsageError);
        }
        catch (RunLockHeldException exception)
        {
            return Fail(environment, session, exception.Message, ExitCodes.LockHeld);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(environment, session, "cancelled", ExitCodes.Cancelled);
        }
        catch (RunRecordsMissingException exception)
        {
            return Fail(environment, session, $"{exception.Message} Run 'lsats-run db init'.", ExitCodes.DatabaseUnavailable);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.UndefinedFunction)
        {
            return Fail(environment, session, $"the warehouse is not initialised ({exception.MessageText}); run 'lsats-run db init'", ExitCodes.DatabaseUnavailable);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException || IsConnectionProblem((PostgresException)exception))
        {
            var where = session?.Settings.HasDatabase == true ? PostgresConnectionString.Describe(session.Settings.Database) : "the database";
            return Fail(environment, session, $"cannot use {where}: {exception.Message}", ExitCodes.DatabaseUnavailable);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    private static bool IsConnectionProblem(PostgresException exception) =>
        exception.SqlState.StartsWith("08", StringComparison.Ordinal)
        || exception.SqlState.StartsWith("28", StringComparison.Ordinal)
        || exception.SqlState == PostgresErrorCodes.InvalidCatalogName;

    private static int Fail(RunnerEnvironment environment, CommandSession? session, string message, int exitCode)
    {
        var safe = session is null ? message : SecretRedactor.Redact(message, session.Settings.Secrets);
        environment.Error.WriteLine("lsats-run: " + safe);
        return exitCode;
    }
}
