using System.Xml.Linq;
using Dapper;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

public sealed class HistoryCommandTests : IAsyncLifetime
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RunnerHarness.CreateAsync("histcmd");
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users"));
        _harness.Steps.Add(TestStep.Bronze("bronze.ad.users"));
        _harness.Steps.Add(TestStep.Silver("silver.users", ["bronze.tdx.users", "bronze.ad.users"]));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_recorded_run_draws_as_a_timeline_with_a_bar_per_step()
    {
        (await _harness.InvokeAsync("run", "--no-snapshot")).ExitCode.Should().Be(0);
        var runId = await LastRunIdAsync();
        var file = Path.Combine(_harness.Folder, "timeline.svg");

        var result = await _harness.InvokeAsync("history", "--run", runId.ToString(), "--format", "svg", "--output", file);

        result.ExitCode.Should().Be(0, result.Error);
        var document = XDocument.Load(file);
        document.Root!.Name.Should().Be(Svg + "svg");
        document.Descendants(Svg + "title").Select(title => title.Value.Split(':')[0])
            .Should().BeEquivalentTo("bronze.tdx.users", "bronze.ad.users", "silver.users");
        document.Descendants(Svg + "text").First().Value.Should().Contain(runId.ToString());
    }

    [Fact]
    public async Task Without_a_run_id_the_timeline_is_the_newest_run()
    {
        (await _harness.InvokeAsync("run", "--no-snapshot", "--target", "bronze.ad.users")).ExitCode.Should().Be(0);
        (await _harness.InvokeAsync("run", "--no-snapshot")).ExitCode.Should().Be(0);
        var newest = await LastRunIdAsync();

        var result = await _harness.InvokeAsync("history", "--format", "svg");

        result.ExitCode.Should().Be(0, result.Error);
        XDocument.Parse(result.Output).Descendants(Svg + "text").First().Value.Should().Contain(newest.ToString());
    }

    [Fact]
    public async Task An_unknown_run_id_is_a_clear_error()
    {
        var unknown = Guid.NewGuid();

        var result = await _harness.InvokeAsync("history", "--run", unknown.ToString(), "--format", "svg");

        result.ExitCode.Should().Be(1);
        result.Error.Should().Contain($"no run with id {unknown}");
    }

    [Fact]
    public async Task One_run_prints_as_text_by_its_id()
    {
        (await _harness.InvokeAsync("run", "--no-snapshot", "--target", "bronze.ad.users")).ExitCode.Should().Be(0);
        var first = await LastRunIdAsync();
        (await _harness.InvokeAsync("run", "--no-snapshot")).ExitCode.Should().Be(0);

        var result = await _harness.InvokeAsync("history", "--run", first.ToString());

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain(first.ToString()[..8]).And.Contain("bronze.ad.users").And.NotContain("silver.users");
    }

    private async Task<Guid> LastRunIdAsync()
    {
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<Guid>("SELECT run_id FROM meta.pipeline_runs ORDER BY started_at DESC LIMIT 1");
    }
}
