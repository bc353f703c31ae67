using LsatsHub.Engine;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary>Backup, restore and health failures: one clear line on standard error (so in the journal), exit code 1.</summary>
internal static class OperationsFailures
{
    public static async Task<int> ReportAsync(CommandSession session, string what, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception exception) when (exception is WarehouseException or SnapshotFailedException)
        {
            var message = SecretRedactor.Redact(exception.Message, session.Settings.Secrets);
            // Into the run's log file too; the console rule would print it a second time at Warning and above.
            session.Logger("lsats-run").LogInformation("{What}: {Message}", what, message);
            session.Environment.Error.WriteLine($"lsats-run: {what}: {message}");
            return ExitCodes.Failed;
        }
    }
}
