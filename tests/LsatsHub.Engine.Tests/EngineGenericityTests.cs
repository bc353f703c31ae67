using System.Xml.Linq;
using LsatsHub.Engine.Records;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests;

/// <summary>The engine is a library for any pipeline: nothing of the LSATS application, its runner or its dump tooling lives in it.</summary>
public sealed class EngineGenericityTests
{
    private static readonly string EngineFolder = RepositoryPaths.Combine("src", "LsatsHub.Engine");

    public static TheoryData<string> ApplicationStrings => new() { "lsats-run", "pre_silver", "LSATS_" };

    [Theory]
    [MemberData(nameof(ApplicationStrings))]
    public void No_engine_source_file_names_the_application(string applicationString)
    {
        var sources = EngineSources().ToList();

        sources.Should().Contain(file => file.EndsWith("RunCoordinator.cs", StringComparison.Ordinal), "the scan must see the engine's sources");
        sources.Where(file => File.ReadAllText(file).Contains(applicationString, StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file))
            .Should().BeEmpty($"'{applicationString}' belongs to the application, not the engine");
    }

    [Fact]
    public void The_engine_references_no_dump_tooling()
    {
        var project = XDocument.Load(Path.Combine(EngineFolder, "LsatsHub.Engine.csproj"));

        var packages = project.Descendants("PackageReference").Select(reference => (string?)reference.Attribute("Include")).ToList();

        packages.Should().NotBeEmpty().And.NotContain("CliWrap");
        project.Descendants("ProjectReference").Should().BeEmpty();
        EngineSources().Select(Path.GetFileName).Should().NotContain(name => name!.StartsWith("Pg", StringComparison.Ordinal) || name.Contains("Dump", StringComparison.Ordinal));
    }

    [Fact]
    public void The_run_record_tables_are_defined_by_the_engine_and_by_no_application_sql_file()
    {
        RunRecordsSchema.Ddl.Should().Contain("CREATE TABLE IF NOT EXISTS meta.pipeline_runs").And.Contain("CREATE TABLE IF NOT EXISTS meta.step_runs");

        var applicationSql = Directory.EnumerateFiles(RepositoryPaths.Combine("sql"), "*.sql", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("TABLE IF NOT EXISTS meta.pipeline_runs", StringComparison.OrdinalIgnoreCase)
                || File.ReadAllText(file).Contains("TABLE IF NOT EXISTS meta.step_runs", StringComparison.OrdinalIgnoreCase));

        applicationSql.Should().BeEmpty("one owner: the engine's embedded run_records.sql");
    }

    private static IEnumerable<string> EngineSources() =>
        Directory.EnumerateFiles(EngineFolder, "*", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .Where(file => Path.GetExtension(file) is ".cs" or ".sql" or ".csproj");

    private static bool IsBuildOutput(string file)
    {
        var relative = Path.GetRelativePath(EngineFolder, file).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }
}
