using System.Globalization;

namespace LsatsHub.Simulator.Tests.Cli;

/// <summary>
/// The processes whose command line names a test's own folder (slapd <c>-f FOLDER/...</c>, slapadd, ldap.sh with the
/// world's LDIF), read from /proc: a folder unique to the test, so no other slapd on the machine is ever matched.
/// </summary>
public static class WorldProcesses
{
    /// <summary>Each live process whose command line contains <paramref name="folder"/>, as "PID: command line".</summary>
    /// <param name="folder">The test's unique folder.</param>
    /// <returns>The processes, empty when none.</returns>
    public static IReadOnlyList<string> Of(string folder)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(folder, StringComparison.Ordinal) && !IsZombie(directory))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"{pid}: {commandLine}"));
            }
        }

        return found;
    }

    /// <summary>The process ids of <see cref="Of"/>.</summary>
    /// <param name="folder">The test's unique folder.</param>
    /// <returns>The ids.</returns>
    public static IReadOnlyList<int> IdsOf(string folder) =>
        [.. Of(folder).Select(line => int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture))];

    /// <summary>Kills every process of <see cref="Of"/>: a failing test must not leave its slapd running, and each one named by the test's own folder was started by it.</summary>
    /// <param name="folder">The test's unique folder.</param>
    /// <returns>When each was signalled.</returns>
    public static async Task KillAllAsync(string folder)
    {
        foreach (var pid in IdsOf(folder))
        {
            try
            {
                await ServeProcess.SignalAsync("KILL", pid);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static bool IsZombie(string directory)
    {
        try
        {
            return File.ReadLines(Path.Combine(directory, "status")).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return true;
        }
    }
}
