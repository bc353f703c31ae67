using LsatsHub.Engine.Graph;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Support;

/// <summary>
/// Collects test steps and external datasets and builds a <see cref="PipelineGraph"/> from them:
/// <code>
/// var graph = new TestGraphBuilder()
///     .External("source.tdx")
///     .Step("bronze.tdx.users", reads: ["source.tdx"], source: "tdx")
///     .Step("silver.users", reads: ["bronze.tdx.users"])
///     .Build();
/// </code>
/// </summary>
public sealed class TestGraphBuilder
{
    private readonly List<IStep> _steps = [];
    private readonly List<ExternalDataset> _externals = [];

    public IReadOnlyList<IStep> Steps => _steps;

    public IReadOnlyList<ExternalDataset> Externals => _externals;

    public TestGraphBuilder External(string dataset, string description = "outside the pipeline")
    {
        _externals.Add(new ExternalDataset(new DatasetId(dataset), description));
        return this;
    }

    /// <summary>Adds a step; see <see cref="TestStep.Create"/> for the defaults.</summary>
    public TestGraphBuilder Step(
        string name,
        IEnumerable<string>? reads = null,
        IEnumerable<string>? writes = null,
        string? source = null,
        IEnumerable<string>? tags = null,
        IEnumerable<string>? resources = null,
        Func<StepContext, CancellationToken, Task<StepResult>>? run = null,
        string? description = null)
    {
        _steps.Add(TestStep.Create(name, reads, writes, source, tags, resources, run, description: description));
        return this;
    }

    public TestGraphBuilder Add(IStep step)
    {
        _steps.Add(step);
        return this;
    }

    public PipelineGraph Build() => PipelineGraph.Build(_steps, _externals);
}
