using LsatsHub.Engine;
using LsatsHub.Engine.DependencyInjection;
using LsatsHub.Engine.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Pipelines.Tests;

/// <summary>The real DAG, as <c>AddLsatsPipelines</c> registers it: no database, no sources, no network.</summary>
public sealed class LsatsPipelinesGraphTests : IDisposable
{
    private readonly ServiceProvider _services;

    public LsatsPipelinesGraphTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddLsatsPipelines();
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public void Every_step_class_of_the_pipelines_assembly_is_in_the_graph()
    {
        var graph = BuildGraph();

        var stepClasses = PipelineServiceCollectionExtensions.StepTypesOf(typeof(LsatsPipelines).Assembly);

        stepClasses.Should().HaveCountGreaterThanOrEqualTo(16, "the 16 bronze steps exist");
        graph.Steps.Select(step => step.GetType()).Should().BeEquivalentTo(stepClasses);
        stepClasses.Should().OnlyContain(type => type.IsPublic && type.IsSealed);
    }

    [Fact]
    public void Every_step_has_a_known_layer_from_its_outputs_and_no_tag_repeats_its_layer_or_source()
    {
        var graph = BuildGraph();

        graph.Steps.Should().OnlyContain(step => step.Descriptor.Layer == Layers.Bronze || step.Descriptor.Layer == Layers.Silver || step.Descriptor.Layer == Layers.TdxSync);
        graph.Steps.Where(step => step.Descriptor.Layer == Layers.TdxSync)
            .Should().OnlyContain(step => step.Descriptor.Resources.Contains(Resources.TdxApi), "every TDX write holds the TDX API");
        graph.Steps.Where(step => step.Descriptor.Name.StartsWith("bronze.", StringComparison.Ordinal))
            .Should().OnlyContain(step => step.Descriptor.Layer == Layers.Bronze);
        graph.Steps.SelectMany(step => step.Descriptor.Tags.Select(tag => (Step: step.Descriptor.Name, Tag: tag.Name, step.Descriptor.Layer, step.Descriptor.Source)))
            .Should().NotContain(entry => entry.Tag == entry.Layer.Name || entry.Tag == entry.Source);
    }

    [Fact]
    public void Every_external_dataset_a_step_reads_is_declared_and_read()
    {
        var graph = BuildGraph();

        var read = graph.Steps.SelectMany(step => step.Descriptor.Inputs).ToHashSet();

        graph.Externals.Select(external => external.Id).Should().OnlyContain(id => read.Contains(id));
    }

    public void Dispose() => _services.Dispose();

    private PipelineGraph BuildGraph() =>
        PipelineGraph.Build(_services.GetServices<IStep>(), _services.GetServices<ExternalDataset>());
}
