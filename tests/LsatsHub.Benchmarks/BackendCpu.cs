using Dapper;
using Npgsql;

namespace LsatsHub.Benchmarks;

/// <summary>
/// CPU seconds the server spent for one database: the sum of user + system time of every backend connected to it, read
/// from <c>/proc</c> (the server runs on this machine). On a shared, loaded machine wall time mostly measures waiting for
/// a core; the CPU a statement used is what its plan costs.
/// </summary>
internal static class BackendCpu
{
    private static readonly double TicksPerSecond = 100.0;

    /// <summary>CPU seconds so far of every backend of <paramref name="connection"/>'s database, by process id.</summary>
    public static async Task<IReadOnlyDictionary<int, double>> SnapshotAsync(NpgsqlConnection connection)
    {
        var pids = await connection.QueryAsync<int>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'");
        var seconds = new Dictionary<int, double>();
        foreach (var pid in pids)
        {
            var cpu = Read(pid);
            if (cpu is { } value)
            {
                seconds[pid] = value;
            }
        }

        return seconds;
    }

    /// <summary>CPU seconds used between <paramref name="before"/> and now (a backend started since counts whole).</summary>
    public static async Task<double> SinceAsync(NpgsqlConnection connection, IReadOnlyDictionary<int, double> before)
    {
        var after = await SnapshotAsync(connection);
        return after.Sum(pair => pair.Value - before.GetValueOrDefault(pair.Key));
    }

    /// <summary>Runs <paramref name="action"/> and returns its wall seconds and the CPU seconds the server's backends spent meanwhile.</summary>
    /// <param name="connection">A connection to the measured server.</param>
    /// <param name="action">The work to time.</param>
    /// <returns>Wall and CPU seconds.</returns>
    public static async Task<(double Wall, double Cpu)> TimeAsync(NpgsqlConnection connection, Func<Task> action)
    {
        var cpuBefore = await SnapshotAsync(connection);
        var started = TimeProvider.System.GetTimestamp();
        await action();
        var wall = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return (wall, await SinceAsync(connection, cpuBefore));
    }

    private static double? Read(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is
            // the 14th field of the line, stime the 15th, in clock ticks.
            var line = File.ReadAllText($"/proc/{pid}/stat");
            var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
