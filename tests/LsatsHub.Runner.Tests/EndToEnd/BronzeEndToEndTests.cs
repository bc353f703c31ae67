using Dapper;
using LsatsHub.Runner.Tests.Support;

namespace LsatsHub.Runner.Tests.EndToEnd;

/// <summary>
/// lsats-run against the whole simulated university: every source served over loopback (TDX and
/// UMich API over HTTP, AD and MCommunity by a real slapd, documents in a data folder), a warehouse
/// built by <c>db init</c>, and the real bronze steps.
/// </summary>
public sealed class BronzeEndToEndTests : IAsyncLifetime
{
    private SimulatedUniversity _university = null!;
    private RunnerHarness _harness = null!;
    private string _envFile = null!;

    public async Task InitializeAsync()
    {
        _university = await SimulatedUniversity.StartAsync(11, "lsats-e2e-");
        _harness = await RunnerHarness.CreateAsync("e2ebronze", initialise: false);
        _harness.UseLsatsPipelines = true;
        _envFile = await _university.WriteEnvFileAsync(_harness.Database.Url);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _university.DisposeAsync();
    }

    [Fact]
    public async Task A_bronze_run_ingests_every_source_in_parallel_with_one_TDX_step_at_a_time_and_a_rerun_writes_nothing()
    {
        (await _harness.InvokeAsync("--env-file", _envFile, "db", "init")).ExitCode.Should().Be(0);

        var first = await _harness.InvokeAsync("--env-file", _envFile, "run", "--select", "layer:bronze", "--max-parallel", "4");
        var second = await _harness.InvokeAsync("--env-file", _envFile, "run", "--select", "layer:bronze", "--max-parallel", "4");

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        second.ExitCode.Should().Be(0, second.Output + second.Error);
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<Guid>("SELECT run_id FROM meta.pipeline_runs ORDER BY started_at")).ToArray();
        runs.Should().HaveCount(2);
        var firstSteps = (await connection.QueryAsync<StepRow>(
            "SELECT step_name AS Name, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt, rows_written AS RowsWritten FROM meta.step_runs WHERE run_id = @run",
            new { run = runs[0] })).ToArray();
        firstSteps.Should().HaveCount(16).And.OnlyContain(step => step.Status == "succeeded");
        firstSteps.Should().OnlyContain(step => step.RowsWritten > 0, "every source serves data on a first run");

        // Parallel by the schedule, not by luck: the scheduler launched several steps at once (ten independent
        // non-TDX steps are ready at the start and --max-parallel is 4), however fast each then ran.
        var peak = System.Text.RegularExpressions.Regex.Match(first.Output, "; at most (?<peak>[0-9]+) at once");
        peak.Success.Should().BeTrue(first.Output);
        int.Parse(peak.Groups["peak"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);

        // One TDX step at a time: the next can only be launched after the previous one's end was recorded.
        MaxOverlap(firstSteps.Where(step => step.Name.StartsWith("bronze.tdx.", StringComparison.Ordinal))).Should().Be(1);

        var rewritten = await connection.QuerySingleAsync<long>(
            "SELECT coalesce(sum(rows_written), 0) FROM meta.step_runs WHERE run_id = @run", new { run = runs[1] });
        rewritten.Should().Be(0, "nothing changed in the sources between the runs");
        var perSource = (await connection.QueryAsync<(string Source, long Rows)>(
            "SELECT source_system, count(*) FROM bronze.raw_entities GROUP BY source_system ORDER BY 1")).ToArray();
        perSource.Select(row => row.Source).Should().Equal("active_directory", "key_client", "lab_awards", "mcommunity_ldap", "tdx", "umich_api");
        var completedIngestions = await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.ingestion_runs WHERE status = 'completed'");
        completedIngestions.Should().BeGreaterThanOrEqualTo(16, "the seed's health query reads these rows");
    }

    /// <summary>The largest number of steps whose recorded run times overlap at one instant.</summary>
    private static int MaxOverlap(IEnumerable<StepRow> steps)
    {
        var events = steps.SelectMany(step => new[] { (At: step.StartedAt, Delta: 1), (At: step.FinishedAt, Delta: -1) })
            .OrderBy(change => change.At).ThenBy(change => change.Delta);
        int open = 0, max = 0;
        foreach (var change in events)
        {
            open += change.Delta;
            max = Math.Max(max, open);
        }

        return max;
    }

    private sealed record StepRow(string Name, string Status, DateTime StartedAt, DateTime FinishedAt, long RowsWritten);
}
