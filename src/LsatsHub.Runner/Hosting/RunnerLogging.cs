using LsatsHub.Runner.Configuration;
using Microsoft.Extensions.Logging;
using NLog.Config;
using NLog.Extensions.Logging;
using NLog.Targets;

namespace LsatsHub.Runner.Hosting;

/// <summary>
/// Logging through Microsoft.Extensions.Logging and NLog: warnings and above (information with
/// <c>--verbose</c>) to standard error, so standard output stays clean for plan, DOT and tables;
/// and, for commands that change things, everything to a per-invocation file in the log folder.
/// </summary>
internal static class RunnerLogging
{
    /// <summary>Syslog priority prefixes journald reads from a unit's standard error (error 3, warning 4, info 6, debug 7).</summary>
    private const string JournalPriority =
        "${when:when=level>=LogLevel.Error:inner=<3>}${when:when=level==LogLevel.Warn:inner=<4>}${when:when=level==LogLevel.Info:inner=<6>}${when:when=level<=LogLevel.Debug:inner=<7>}";

    /// <param name="journal">Prefix each standard-error line with its syslog priority, for journald (a unit's JOURNAL_STREAM is set).</param>
    public static ILoggerFactory Create(RunnerSettings settings, string commandName, bool verbose, bool toFile, DateTimeOffset now, TextWriter diagnostics, bool journal = false)
    {
        // A factory of its own, not NLog's global one: two sessions in one process (the daemon's host, the tests'
        // in-process runner) would otherwise replace each other's targets and write into each other's files.
        var configuration = new LoggingConfiguration(new NLog.LogFactory());
        var console = new ConsoleTarget("stderr")
        {
            StdErr = true,
            Layout = (journal ? JournalPriority : string.Empty) + "${level:uppercase=true}: ${message}${onexception:inner=${newline}  ${exception:format=type,message}}",
        };
        configuration.AddRule(verbose ? NLog.LogLevel.Info : NLog.LogLevel.Warn, NLog.LogLevel.Fatal, console, "*");

        var logFile = toFile ? PrepareLogFile(settings, commandName, now, diagnostics) : null;
        if (logFile is not null)
        {
            var file = new FileTarget("file")
            {
                FileName = logFile,
                Layout = "${longdate:universalTime=true}Z ${level:uppercase=true:padding=-5} ${logger:shortName=true}: ${message}${onexception:inner=${newline}${exception:format=tostring}}",
                KeepFileOpen = true,
            };
            configuration.AddRule(NLog.LogLevel.Debug, NLog.LogLevel.Fatal, file, "*");
        }

        var factory = LoggerFactory.Create(builder =>
        {
            builder.ClearProviders();
            builder.SetMinimumLevel(LogLevel.Debug);
            builder.AddFilter("Microsoft", LogLevel.Warning);
            builder.AddFilter("Npgsql", LogLevel.Warning);

            // Seven lines per successful HTTP call (an enrichment makes one per entity: 670,000 lines for the TDX users at
            // scale 1.0) cost CPU and bury the run's own lines; retries (Polly warnings) and failures are still logged.
            builder.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
            builder.AddFilter("Polly", LogLevel.Warning);
            builder.AddNLog(configuration, new NLogProviderOptions { RemoveLoggerFactoryFilter = false, ShutdownOnDispose = true });
        });
        return factory;
    }

    /// <summary>The per-invocation log file, or null (with a note) when no log folder is writable.</summary>
    private static string? PrepareLogFile(RunnerSettings settings, string commandName, DateTimeOffset now, TextWriter diagnostics)
    {
        var name = $"lsats-run_{now.UtcDateTime:yyyyMMdd_HHmmss}_{commandName}_{Environment.ProcessId}.log";
        foreach (var folder in new[] { settings.LogDirectory, FallbackFolder() })
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, name);
                File.AppendAllText(path, string.Empty);
                Warehouse.Operations.RunLogPruner.Prune(folder, now, Warehouse.Operations.RunLogPruner.DefaultRetention);
                if (folder != settings.LogDirectory)
                {
                    diagnostics.WriteLine($"note: log folder '{settings.LogDirectory}' is not writable (set LSATS_LOG_DIR); logging to {path}");
                }

                return path;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Try the next folder; a run must not fail because its log folder is missing.
            }
        }

        diagnostics.WriteLine($"note: no writable log folder (LSATS_LOG_DIR='{settings.LogDirectory}'); logging to the console only");
        return null;
    }

    private static string FallbackFolder()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        return string.IsNullOrEmpty(state)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "lsats", "logs")
            : Path.Combine(state, "lsats", "logs");
    }
}
