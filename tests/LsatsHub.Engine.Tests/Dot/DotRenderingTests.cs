using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Engine.Dot;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Dot;

/// <summary>The exported text is valid DOT: the real Graphviz <c>dot</c> renders it.</summary>
public sealed class DotRenderingTests
{
    [Fact]
    public async Task Graphviz_renders_the_whole_sample_with_every_step()
    {
        var graph = SampleGraph.Build();
        var statuses = new Dictionary<string, StepStatus> { ["silver.labs"] = StepStatus.Failed };

        var svg = await RenderSvgAsync(DotExporter.Export(graph, null, statuses));

        foreach (var step in graph.Steps)
        {
            svg.Should().Contain(step.Descriptor.Name);
        }
    }

    [Fact]
    public async Task Graphviz_accepts_names_and_descriptions_with_quotes_backslashes_and_line_breaks()
    {
        var graph = new TestGraphBuilder()
            .External("source.odd", "a \"quoted\"\nsource \\ here")
            .Step("say \"hi\" \\ there", reads: ["source.odd"], writes: ["test.odd"], source: "we\"ird", description: "tooltip \"with\" quotes")
            .Step("cluster {x}; -> y", reads: ["test.odd"], writes: ["test.after"])
            .Build();

        var svg = await RenderSvgAsync(DotExporter.Export(graph, null, new Dictionary<string, StepStatus>()));

        svg.Should().Contain("say &quot;hi&quot; \\ there");
        svg.Should().Contain("cluster {x}; &#45;&gt; y");
    }

    private static async Task<string> RenderSvgAsync(string dot)
    {
        var executable = FindOnPath("dot")
            ?? throw new InvalidOperationException("Graphviz's 'dot' is not on PATH: graphviz must be installed to run this test (apt-get install -y graphviz); CI installs it.");

        // A bound, not a timing assertion: a hung dot must not hang the test run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await Cli.Wrap(executable)
            .WithArguments(["-Tsvg"])
            .WithStandardInputPipe(PipeSource.FromString(dot))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);

        result.ExitCode.Should().Be(0, $"dot must accept the exported text; it said: {result.StandardError}");
        result.StandardError.Should().BeEmpty("dot must not warn about the exported text");
        return result.StandardOutput;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
