namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// The warehouse's SQL folder: production_init.sql, production_schema.sql, views/silver_views.sql, roles.sql.
/// </summary>
public sealed class SqlFileSet
{
    /// <summary>Extensions, schemas, helper functions and the meta layer.</summary>
    public const string InitFile = "production_init.sql";

    /// <summary>bronze.raw_entities and the silver tables.</summary>
    public const string SchemaFile = "production_schema.sql";

    /// <summary>The silver views.</summary>
    public const string ViewsFile = "views/silver_views.sql";

    /// <summary>The read-only role template.</summary>
    public const string RolesFile = "roles.sql";

    /// <summary>The folder of numbered changes for existing databases (<c>lsats-run db migrate</c>).</summary>
    public const string MigrationsFolder = "migrations";

    private SqlFileSet(string root) => Root = root;

    /// <summary>The absolute path of the sql folder.</summary>
    public string Root { get; }

    /// <summary>The files <c>db init</c> applies, in order, relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> InstallOrder { get; } = [InitFile, SchemaFile, ViewsFile];

    /// <summary>
    /// Finds the sql folder: <paramref name="explicitPath"/> when given; else <c>sql/</c> beside the running
    /// program (the runner copies it there); else the nearest <c>sql/</c> above the program (a source checkout).
    /// </summary>
    /// <param name="explicitPath">A folder chosen by the operator, or null.</param>
    /// <returns>The file set.</returns>
    /// <exception cref="WarehouseException">No folder holding every warehouse file was found.</exception>
    public static SqlFileSet Locate(string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            var missing = MissingFiles(full);
            if (missing.Count > 0)
            {
                throw new WarehouseException($"The sql folder {full} lacks {string.Join(", ", missing)}.");
            }

            return new SqlFileSet(full);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "sql");
        if (MissingFiles(beside).Count == 0)
        {
            return new SqlFileSet(Path.GetFullPath(beside));
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory).Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "sql");
            if (MissingFiles(candidate).Count == 0)
            {
                return new SqlFileSet(candidate);
            }
        }

        throw new WarehouseException(
            $"No sql folder with {string.Join(", ", AllFiles)} was found beside or above {AppContext.BaseDirectory}; pass the folder explicitly.");
    }

    /// <summary>The absolute path of a file of the set.</summary>
    /// <param name="relativePath">A path relative to <see cref="Root"/>, such as <see cref="SchemaFile"/>.</param>
    /// <returns>The absolute path.</returns>
    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>
    /// The migration files (<c>migrations/*.sql</c>, not sub-folders) in the order they apply: ordinal file-name
    /// order, so <c>0002_x.sql</c> runs before <c>0010_y.sql</c>. None when the folder does not exist.
    /// </summary>
    /// <returns>The files with their checksums.</returns>
    public IReadOnlyList<MigrationFile> Migrations()
    {
        var folder = Path.Combine(Root, MigrationsFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.sql", SearchOption.TopDirectoryOnly)
            .Select(path => MigrationFile.Read(path))
            .OrderBy(file => file.FileName, StringComparer.Ordinal)
            .ToList();
    }

    private static IReadOnlyList<string> AllFiles => [InitFile, SchemaFile, ViewsFile, RolesFile];

    private static List<string> MissingFiles(string root) =>
        AllFiles.Where(file => !File.Exists(Path.Combine(root, file))).ToList();
}
