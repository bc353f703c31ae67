using LsatsHub.Testing;
using LsatsHub.Warehouse.Schema;

namespace LsatsHub.Warehouse.Tests.Schema;

public sealed class SqlFileSetTests
{
    [Fact]
    public void Without_an_explicit_path_the_repository_sql_folder_is_found()
    {
        var files = SqlFileSet.Locate();

        files.Root.Should().Be(RepositoryPaths.Combine("sql"));
        File.Exists(files.PathOf(SqlFileSet.ViewsFile)).Should().BeTrue();
    }

    [Fact]
    public void An_explicit_folder_missing_files_is_rejected_naming_them()
    {
        var folder = Directory.CreateTempSubdirectory("lsats-sql-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, SqlFileSet.InitFile), "SELECT 1;");

            var act = () => SqlFileSet.Locate(folder);

            act.Should().Throw<WarehouseException>()
                .WithMessage($"*{folder}*production_schema.sql*views/silver_views.sql*roles.sql*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
