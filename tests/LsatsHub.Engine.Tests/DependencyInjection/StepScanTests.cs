using LsatsHub.Engine.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Engine.Tests.DependencyInjection;

public sealed class StepScanTests
{
    [Fact]
    public void A_step_class_that_is_not_public_stops_the_scan_instead_of_vanishing_from_the_graph()
    {
        var services = new ServiceCollection();

        var act = () => services.AddStepsFromAssembly(typeof(StepScanTests).Assembly);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"*not public*{typeof(HiddenStep).FullName}*Make them public*");
        services.Should().BeEmpty("nothing is registered when the scan fails");
    }

    [Fact]
    public void The_scan_sees_step_classes_that_are_not_public()
    {
        var types = PipelineServiceCollectionExtensions.StepTypesOf(typeof(StepScanTests).Assembly);

        types.Should().Contain(typeof(HiddenStep));
    }

    private sealed class HiddenStep : IStep
    {
        public StepDescriptor Descriptor { get; } = new() { Name = "bronze.hidden", Outputs = [new DatasetId("bronze.hidden")] };

        public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(StepResult.Completed);
    }
}
