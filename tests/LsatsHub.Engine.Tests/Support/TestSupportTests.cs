using LsatsHub.Testing;
namespace LsatsHub.Engine.Tests.Support;

/// <summary>The defaults other tests (and the executor's) rely on.</summary>
public sealed class TestSupportTests
{
    [Fact]
    public void A_test_step_writes_its_own_name_and_takes_its_layer_from_it()
    {
        var step = TestStep.Create("silver.labs", reads: ["silver.users"], tags: ["composite"], resources: ["db"]);

        step.Descriptor.Outputs.Select(output => output.Name).Should().Equal("silver.labs");
        step.Descriptor.Inputs.Select(input => input.Name).Should().Equal("silver.users");
        step.Descriptor.Layer.Should().Be(new LayerName("silver"));
        step.Descriptor.Tags.Should().Equal(new StepTag("composite"));
        step.Descriptor.Resources.Should().Equal(new ResourceName("db"));
        step.Descriptor.Retry.Should().Be(StepRetryPolicy.None);
    }

    [Fact]
    public void A_plain_step_name_writes_a_test_dataset_in_the_test_layer()
    {
        var step = TestStep.Create("a");

        step.Descriptor.Outputs.Select(output => output.Name).Should().Equal("test.a");
        step.Descriptor.Layer.Should().Be(new LayerName("test"));
    }

    [Fact]
    public async Task A_test_step_completes_by_default_and_otherwise_runs_its_delegate()
    {
        var calls = 0;
        var quiet = TestStep.Create("a");
        var counting = TestStep.Create("b", run: (_, _) =>
        {
            calls++;
            return Task.FromResult(new StepResult("ran"));
        });

        (await quiet.RunAsync(null!, CancellationToken.None)).Should().Be(StepResult.Completed);
        (await counting.RunAsync(null!, CancellationToken.None)).Summary.Should().Be("ran");
        calls.Should().Be(1);
    }

    [Fact]
    public void Arrows_make_steps_that_read_their_parents_outputs()
    {
        var steps = Steps.FromArrows(["a -> b -> c", "a -> c", "d"]);

        steps.Select(step => step.Descriptor.Name).Should().Equal("a", "b", "c", "d");
        steps.Single(step => step.Descriptor.Name == "c").Descriptor.Inputs.Select(input => input.Name).Should().Equal("test.a", "test.b");
        Steps.Graph("a -> b -> c", "a -> c", "d").Edges.Should().Equal(("a", "b"), ("a", "c"), ("b", "c"));
    }

    [Fact]
    public async Task Arrows_can_give_every_step_the_same_work_told_its_name()
    {
        var ran = new List<string>();
        var steps = Steps.FromArrows(["x -> y"], (name, _, _) =>
        {
            ran.Add(name);
            return Task.FromResult(StepResult.Completed);
        });

        foreach (var step in steps)
        {
            await step.RunAsync(null!, CancellationToken.None);
        }

        ran.Should().Equal("x", "y");
    }

    [Fact]
    public void A_malformed_arrow_is_rejected()
    {
        var act = () => Steps.FromArrows(["a -> -> b"]);

        act.Should().Throw<ArgumentException>().WithMessage("*'a -> -> b'*");
    }
}
