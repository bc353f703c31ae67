using LsatsHub.Engine.Dot;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Dot;

public sealed class DotExporterTests
{
    private static readonly PipelineGraph Sample = SampleGraph.Build();

    private static readonly StepTag[] Bands = [new("tier1"), new("consolidated"), new("composite")];

    private static readonly Dictionary<string, StepStatus> LastRun = new(StringComparer.Ordinal)
    {
        ["bronze.tdx.departments"] = StepStatus.Succeeded,
        ["bronze.tdx.users"] = StepStatus.Succeeded,
        ["bronze.tdx.enrich_users"] = StepStatus.Failed,
        ["silver.tdx_users"] = StepStatus.Skipped,
        ["silver.users"] = StepStatus.Skipped,
        ["bronze.ad.users"] = StepStatus.Cancelled,
        ["silver.ad_users"] = StepStatus.Running,
        ["silver.labs"] = StepStatus.Pending,
    };

    [Fact]
    public void The_whole_graph_exports_as_the_golden_file()
    {
        GoldenFile.AssertMatches(DotExporter.Export(Sample, null, null), "LsatsHub.Engine.Tests", "graph-everything.dot");
    }

    [Fact]
    public void A_selection_with_last_statuses_exports_as_the_golden_file()
    {
        var selection = StepSelector.Select(Sample, new SelectionRequest(["silver.users"], [], []));

        GoldenFile.AssertMatches(DotExporter.Export(Sample, selection, LastRun), "LsatsHub.Engine.Tests", "graph-users-last-run.dot");
    }

    [Fact]
    public void Banded_export_of_the_whole_graph_matches_the_golden_file()
    {
        GoldenFile.AssertMatches(DotExporter.Export(Sample, null, LastRun, Bands), "LsatsHub.Engine.Tests", "graph-everything-banded.dot");
    }

    [Fact]
    public void Bands_cluster_a_layer_by_tag_in_the_given_order_and_keep_sources_inside()
    {
        var dot = DotExporter.Export(Sample, null, null, Bands);

        var tier1 = dot.IndexOf("subgraph \"cluster_layer_silver_band_tier1\" {", StringComparison.Ordinal);
        var consolidated = dot.IndexOf("subgraph \"cluster_layer_silver_band_consolidated\" {", StringComparison.Ordinal);
        var composite = dot.IndexOf("subgraph \"cluster_layer_silver_band_composite\" {", StringComparison.Ordinal);
        tier1.Should().BePositive();
        consolidated.Should().BeGreaterThan(tier1);
        composite.Should().BeGreaterThan(consolidated);
        dot.Should().Contain("subgraph \"cluster_layer_silver_band_tier1_source_tdx\" {");
        dot.Should().NotContain("cluster_layer_bronze_band_", "no bronze step carries a band tag");
        dot.IndexOf("\"silver.lab_managers\" [", StringComparison.Ordinal).Should().BeGreaterThan(composite);
    }

    [Fact]
    public void Without_bands_the_export_is_unchanged()
    {
        DotExporter.Export(Sample, null, null, []).Should().Be(DotExporter.Export(Sample, null, null));
    }

    [Fact]
    public void Steps_are_clustered_by_layer_then_source()
    {
        var dot = DotExporter.Export(Sample, null, null);

        dot.Should().Contain("subgraph \"cluster_layer_bronze\" {");
        dot.Should().Contain("subgraph \"cluster_layer_bronze_source_tdx\" {");
        dot.Should().Contain("subgraph \"cluster_layer_silver_source_ad\" {");
        dot.IndexOf("cluster_layer_bronze\"", StringComparison.Ordinal).Should().BeLessThan(dot.IndexOf("cluster_layer_silver\"", StringComparison.Ordinal));
    }

    [Fact]
    public void External_datasets_are_cylinders_feeding_their_readers()
    {
        var dot = DotExporter.Export(Sample, null, null);

        dot.Should().Contain("\"external:source.tdx\" [label=\"source.tdx\\nTeamDynamix web API\", shape=\"cylinder\"");
        dot.Should().Contain("\"external:source.tdx\" -> \"bronze.tdx.users\" [style=\"dashed\"");
        dot.Should().Contain("\"bronze.tdx.users\" -> \"bronze.tdx.enrich_users\";");
    }

    [Theory]
    [InlineData(StepStatus.Succeeded, "#b7e4a8")]
    [InlineData(StepStatus.Failed, "#f4a3a3")]
    [InlineData(StepStatus.Skipped, "#d9d9d9")]
    [InlineData(StepStatus.Cancelled, "#f9c784")]
    [InlineData(StepStatus.Running, "#fff59d")]
    [InlineData(StepStatus.Pending, "#ffffff")]
    public void A_step_is_filled_by_its_last_status(StepStatus status, string colour)
    {
        var graph = Steps.Graph("a -> b");

        var dot = DotExporter.Export(graph, null, new Dictionary<string, StepStatus> { ["a"] = status });

        dot.Should().Contain($"\"a\" [label=\"a\\n{status.ToString().ToLowerInvariant()}\", fillcolor=\"{colour}\"];");
        dot.Should().Contain("\"b\" [label=\"b\"];", "a step with no record keeps the default white fill");
    }

    [Fact]
    public void A_selection_shows_only_its_steps_their_externals_and_the_edges_between_them()
    {
        var selection = new HashSet<string>(["bronze.ad.users", "silver.ad_users", "silver.users"], StringComparer.Ordinal);

        var dot = DotExporter.Export(Sample, selection, null);

        dot.Should().Contain("\"external:source.ad\"").And.NotContain("\"external:source.tdx\"");
        dot.Should().Contain("\"silver.ad_users\" -> \"silver.users\";");
        dot.Should().NotContain("silver.labs").And.NotContain("silver.tdx_users").And.NotContain("cluster_legend");
    }

    [Fact]
    public void The_text_is_the_same_whatever_the_registration_order()
    {
        var reversed = PipelineGraph.Build(SampleGraph.Builder().Steps.Reverse(), SampleGraph.Builder().Externals.Reverse());

        DotExporter.Export(reversed, null, LastRun).Should().Be(DotExporter.Export(Sample, null, LastRun));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("two\nlines\r\n", "\"two\\nlines\\n\"")]
    [InlineData("->{};[]", "\"->{};[]\"")]
    public void Quote_escapes_quotes_backslashes_and_line_breaks(string text, string quoted)
    {
        DotExporter.Quote(text).Should().Be(quoted);
    }

    [Fact]
    public void A_selection_naming_an_unknown_step_is_rejected()
    {
        var act = () => DotExporter.Export(Sample, new HashSet<string>(["silver.nothing"]), null);

        act.Should().Throw<ArgumentException>().WithMessage("*silver.nothing*");
    }
}
