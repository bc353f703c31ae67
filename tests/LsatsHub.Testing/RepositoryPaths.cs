namespace LsatsHub.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds LsatsHub.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path relative to the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LsatsHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"LsatsHub.sln not found above {AppContext.BaseDirectory}.");
    }
}
