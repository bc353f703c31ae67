using LsatsHub.Testing;

namespace LsatsHub.Warehouse.Tests.Snapshots;

/// <summary>Writes an executable <c>pg_dump</c> into a folder that runs fake-pg-dump.sh in one misbehaviour mode.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class FakePgDump
{
    public static string Create(string folder, string mode)
    {
        var script = RepositoryPaths.Combine("tests", "LsatsHub.Warehouse.Tests", "Snapshots", "fake-pg-dump.sh");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "pg_dump");
        File.WriteAllText(path, $"#!/usr/bin/env bash\nexec bash '{script}' {mode} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
