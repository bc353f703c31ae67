using System.Security.Cryptography;

namespace LsatsHub.Warehouse.Schema;

/// <summary>One file of <c>sql/migrations</c>: its name (the identity recorded in <c>meta.schema_migrations</c>),
/// where it is and the SHA-256 of its bytes (an applied file that changes afterwards is an error).</summary>
/// <param name="FileName">The file name, e.g. <c>0001_baseline_tidy.sql</c>.</param>
/// <param name="FullPath">The absolute path.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the file's bytes.</param>
public sealed record MigrationFile(string FileName, string FullPath, string Checksum)
{
    /// <summary>The path relative to the sql folder, as error messages name it.</summary>
    public string RelativePath => SqlFileSet.MigrationsFolder + "/" + FileName;

    /// <summary>Reads a file's checksum.</summary>
    /// <param name="fullPath">The file.</param>
    /// <returns>The migration file.</returns>
    public static MigrationFile Read(string fullPath)
    {
        var bytes = File.ReadAllBytes(fullPath);
        return new MigrationFile(Path.GetFileName(fullPath), fullPath, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
