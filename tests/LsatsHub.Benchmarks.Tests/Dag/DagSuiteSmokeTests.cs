using System.Text.Json;
using LsatsHub.Benchmarks.Dag;
using LsatsHub.Testing;

namespace LsatsHub.Benchmarks.Tests.Dag;

/// <summary>
/// The <c>dag</c> suite end to end at a tiny scale, as CI runs it: real lsats-sim (generate, serve with slapd, mutate),
/// the built lsats-run, PostgreSQL. Asserts the report's shape and that every section measured something; never a time.
/// </summary>
public sealed class DagSuiteSmokeTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("lsats-dag-smoke-");

    [Fact]
    public async Task The_dag_suite_at_a_tiny_scale_reports_every_section_with_rows()
    {
        // Arrange
        var json = Path.Combine(_output.FullName, "benchmark-dag.json");
        var options = new DagOptions(0.002, 42, Runs: 1, PostgresServer.Admin.ConnectionString, RealisticRate: false, json, _output.FullName, Keep: false);

        // Act
        var report = await new DagSuite(options).RunAsync(CancellationToken.None);
        await report.WriteJsonAsync(json, CancellationToken.None);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(json));

        // Assert
        var root = written.RootElement;
        root.GetProperty("suite").GetString().Should().Be("dag");
        var first = root.GetProperty("first_run");
        first.GetProperty("status").GetString().Should().Be("succeeded");
        first.GetProperty("rows_written").GetInt64().Should().BePositive();
        first.GetProperty("peak_memory_mb").GetDouble().Should().BePositive();
        root.GetProperty("serve_peak_memory_mb").GetDouble().Should().BePositive("serve's VmHWM is read before it is stopped");
        root.GetProperty("serve_restart_peak_memory_mb").GetDouble().Should().BePositive("and that of the serve restarted after mutate");
        first.GetProperty("steps").EnumerateArray().Should().OnlyContain(step => step.GetProperty("status").GetString() == "succeeded");
        first.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("step").GetString())
            .Should().Contain(["bronze.tdx.users", "bronze.ad.users", "bronze.mcommunity.users", "silver.tdx_users", "silver.labs"]);
        var calls = first.GetProperty("calls");
        calls.GetProperty("tdx_api_calls").GetInt64().Should().BePositive();
        calls.GetProperty("umich_api_calls").GetInt64().Should().BePositive();
        calls.GetProperty("ldap_searches").GetInt64().Should().BePositive();

        foreach (var section in new[] { "bronze_limits", "silver_limits" })
        {
            var limits = root.GetProperty(section).EnumerateArray().ToList();
            limits.Should().NotBeEmpty(section);
            limits.Should().OnlyContain(limit => limit.GetProperty("rows").GetInt64() > 0 && limit.GetProperty("limit_median_seconds").GetDouble() > 0, section);
        }

        root.GetProperty("bronze_limits").EnumerateArray().Select(limit => limit.GetProperty("step").GetString())
            .Should().Contain(["bronze.ad.users", "bronze.ad.ous", "bronze.documents.keyconfigure_computers"], "each bronze step's versions are found by its own ingestion run");

        var noChange = root.GetProperty("no_change_runs").EnumerateArray().Single();
        noChange.GetProperty("status").GetString().Should().Be("succeeded");
        noChange.GetProperty("rows_read").GetInt64().Should().BePositive("a no-change run still lists every source");
        var mutated = root.GetProperty("mutated_run");
        mutated.GetProperty("status").GetString().Should().Be("succeeded");
        mutated.GetProperty("rows_written").GetInt64().Should().BePositive("a month of churn gives new versions");
        var target = root.GetProperty("target_runs").EnumerateArray().Single();
        target.GetProperty("status").GetString().Should().Be("succeeded");
        target.GetProperty("rows_read").GetInt64().Should().BePositive("a full refresh of the labs' subgraph reads its bronze");
        target.GetProperty("steps").EnumerateArray().Should().OnlyContain(step => step.GetProperty("step").GetString()!.StartsWith("silver.", StringComparison.Ordinal));

        foreach (var run in report.AllRuns)
        {
            run.Svg.Should().NotBeNull("lsats-run history draws the timeline of the {0} run (the suite prints why it could not)", run.Name);
            File.ReadAllText(run.Svg!).Should().Contain("<svg").And.Contain(run.Steps[0].Step);
        }
    }

    public void Dispose() => _output.Delete(recursive: true);
}
