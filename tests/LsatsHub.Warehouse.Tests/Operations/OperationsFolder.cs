namespace LsatsHub.Warehouse.Tests.Operations;

/// <summary>A throw-away folder, deleted on dispose.</summary>
internal sealed class OperationsFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lsats-ops-test-").FullName;

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public string Touch(string name, string content = "x")
    {
        var path = Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    public IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
