using System.Xml.Linq;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Engine.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Records;

public sealed class RunTimelineSvgTests
{
    private static readonly DateTimeOffset Start = RunRecordsDatabase.Midnight;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // AD's long ingest gates silver.users, so the chain through it is what the run waited on, not the faster TDX branch.
    private static readonly PipelineRunRecord Run = new(
        Guid.Parse("1a2b3c4d-1111-4000-8000-000000000001"), Start, Start.AddSeconds(52), RunStatus.Failed, "--target silver.users", "timer", "etl01", "1.2.3", null,
        [
            new StepRunRecord("bronze.ad.users", StepStatus.Succeeded, Start.AddSeconds(0.5), Start.AddSeconds(30), 1, 61_586, 61_586, null, null),
            new StepRunRecord("bronze.tdx.departments", StepStatus.Succeeded, Start.AddSeconds(0.5), Start.AddSeconds(4), 1, 250, 250, null, null),
            new StepRunRecord("bronze.tdx.enrich_users", StepStatus.Succeeded, Start.AddSeconds(12), Start.AddSeconds(21), 2, 9_554, 9_554, null, null),
            new StepRunRecord("bronze.tdx.users", StepStatus.Succeeded, Start.AddSeconds(4), Start.AddSeconds(12), 1, 9_554, 9_554, null, null),
            new StepRunRecord("bronze.tdx.assets", StepStatus.Failed, Start.AddSeconds(12), Start.AddSeconds(13), 3, 0, 0, "TDX answered 500 & <gave up>", null),
            new StepRunRecord("silver.ad_users", StepStatus.Succeeded, Start.AddSeconds(30), Start.AddSeconds(41), 1, 61_586, 61_586, null, null),
            new StepRunRecord("silver.tdx_users", StepStatus.Succeeded, Start.AddSeconds(21), Start.AddSeconds(24), 1, 9_554, 9_554, null, null),
            new StepRunRecord("silver.users", StepStatus.Succeeded, Start.AddSeconds(41), Start.AddSeconds(52), 1, 71_140, 63_000, null, null),
            new StepRunRecord("silver.computers", StepStatus.Skipped, null, Start.AddSeconds(13), 0, 0, 0, "skipped: bronze.tdx.assets failed", null),
        ]);

    [Fact]
    public void A_run_renders_as_the_golden_timeline()
    {
        var graph = SampleGraph.Build();

        var svg = RunTimelineSvg.Render(Run, graph.ParentsOf);

        GoldenFile.AssertMatches(svg, "LsatsHub.Engine.Tests", "Records/timeline.svg");
    }

    [Fact]
    public void The_critical_path_follows_the_parent_that_finished_last()
    {
        var graph = SampleGraph.Build();

        var document = XDocument.Parse(RunTimelineSvg.Render(Run, graph.ParentsOf));

        var outlined = document.Descendants(Svg + "rect")
            .Where(bar => (string?)bar.Attribute("stroke-width") == "2" && bar.Element(Svg + "title") is not null)
            .Select(bar => bar.Element(Svg + "title")!.Value.Split(':')[0])
            .ToList();
        outlined.Should().BeEquivalentTo("silver.users", "silver.ad_users", "bronze.ad.users");
    }

    [Fact]
    public void Steps_start_in_time_order_and_never_started_ones_come_last()
    {
        var document = XDocument.Parse(RunTimelineSvg.Render(Run, parentsOf: null));

        var bars = document.Descendants(Svg + "rect")
            .Where(bar => bar.Element(Svg + "title") is not null)
            .Select(bar => (Name: bar.Element(Svg + "title")!.Value.Split(':')[0], X: double.Parse((string)bar.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        bars.Select(bar => bar.X).Should().BeInAscendingOrder();
        bars.Select(bar => bar.Name).Should().NotContain("silver.computers");
        document.Descendants(Svg + "text").Last().Value.Should().Be("skipped: never started");
        document.Descendants(Svg + "text").Select(text => text.Value).Should().Contain(text => text.Contains("at most 3 at once", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_graph_no_critical_path_is_drawn()
    {
        var document = XDocument.Parse(RunTimelineSvg.Render(Run, parentsOf: null));

        document.Descendants(Svg + "rect")
            .Where(bar => bar.Element(Svg + "title") is not null)
            .Should().OnlyContain(bar => (string?)bar.Attribute("stroke-width") != "2");
    }

    [Fact]
    public void A_finished_run_ends_its_axis_at_its_end_however_late_it_is_drawn()
    {
        var drawnLater = RunTimelineSvg.Render(Run, parentsOf: null, now: Start.AddHours(3));

        drawnLater.Should().Be(RunTimelineSvg.Render(Run, parentsOf: null));
    }

    [Fact]
    public void A_step_still_running_ends_at_the_time_given()
    {
        var running = Run with
        {
            FinishedAt = null,
            Status = RunStatus.Running,
            Steps = [new StepRunRecord("bronze.ad.users", StepStatus.Running, Start, null, 1, 0, 0, null, null)],
        };

        var document = XDocument.Parse(RunTimelineSvg.Render(running, parentsOf: null, now: Start.AddSeconds(100)));

        var bar = document.Descendants(Svg + "rect").Single(rect => rect.Element(Svg + "title") is not null);
        bar.Element(Svg + "title")!.Value.Should().StartWith("bronze.ad.users: running in 100 s");
        double.Parse((string)bar.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(860);
    }
}
