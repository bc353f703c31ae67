using CliWrap;
using CliWrap.Builders;
using Npgsql;

namespace LsatsHub.Warehouse.Snapshots;

/// <summary>
/// Builds the command line of a PostgreSQL client program (pg_dump, pg_restore) for a connection.
/// Host, port, user and database go on the command line; the password only into <c>PGPASSWORD</c>,
/// never the arguments, so it cannot show up in a process list.
/// </summary>
public static class PgClientCommand
{
    /// <summary>Creates the command; its exit status is not validated (callers read it and explain it).</summary>
    /// <param name="program">The resolved program path (see <see cref="PgDumpLocator"/>).</param>
    /// <param name="connection">The database to work on.</param>
    /// <param name="applicationName">Shown in <c>pg_stat_activity</c>.</param>
    /// <param name="arguments">The program's own arguments, added before the connection arguments.</param>
    /// <param name="trailing">Arguments after the connection arguments (e.g. pg_restore's input file), or null.</param>
    /// <returns>The command.</returns>
    public static Command Create(string program, NpgsqlConnectionStringBuilder connection, string applicationName, Action<ArgumentsBuilder> arguments, Action<ArgumentsBuilder>? trailing = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(arguments);
        return Cli.Wrap(program)
            .WithArguments(builder =>
            {
                arguments(builder);
                builder.Add("--no-password");
                if (!string.IsNullOrEmpty(connection.Host))
                {
                    builder.Add("--host").Add(connection.Host);
                }

                builder.Add("--port").Add(connection.Port);
                if (!string.IsNullOrEmpty(connection.Username))
                {
                    builder.Add("--username").Add(connection.Username);
                }

                if (!string.IsNullOrEmpty(connection.Database))
                {
                    builder.Add("--dbname").Add(connection.Database);
                }

                trailing?.Invoke(builder);
            })
            .WithEnvironmentVariables(environment =>
            {
                environment.Set("PGAPPNAME", applicationName);
                if (!string.IsNullOrEmpty(connection.Password))
                {
                    environment.Set("PGPASSWORD", connection.Password);
                }

                if (LibpqSslMode(connection.SslMode) is { } sslMode)
                {
                    environment.Set("PGSSLMODE", sslMode);
                }
            })
            .WithValidation(CommandResultValidation.None);
    }

    /// <summary>The last lines of a program's standard error, joined on one line for a message.</summary>
    /// <param name="text">The whole standard error.</param>
    /// <param name="lines">How many lines to keep.</param>
    /// <returns>The lines, or a note that there were none.</returns>
    public static string LastLines(string text, int lines = 20)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.Length == 0 ? "(no output on stderr)" : string.Join(" | ", all.TakeLast(lines));
    }

    private static string? LibpqSslMode(SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Require => "require",
        SslMode.VerifyCA => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => null,
    };
}
