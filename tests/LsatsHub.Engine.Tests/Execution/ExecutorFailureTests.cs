using LsatsHub.Engine.Execution;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorFailureTests
{
    private static Task<StepResult> Boom(StepContext context, CancellationToken token) =>
        throw new InvalidOperationException("boom");

    [Fact]
    public async Task A_failed_step_skips_only_its_descendants_and_fails_the_run()
    {
        await using var harness = new ExecutorHarness();
        var steps = new[]
        {
            new TestStep("bronze.a", Boom),
            new TestStep("silver.b", parents: ["bronze.a"]),
            new TestStep("gold.c", parents: ["silver.b"]),
            new TestStep("bronze.e"),
            new TestStep("silver.f", parents: ["bronze.e"]),
            new TestStep("silver.g", parents: ["bronze.a", "bronze.e"]),
        };

        var report = await harness.RunAsync(steps);

        report.Status.Should().Be(RunStatus.Failed);
        report.Statuses().Should().BeEquivalentTo(new Dictionary<string, StepStatus>
        {
            ["bronze.a"] = StepStatus.Failed,
            ["silver.b"] = StepStatus.Skipped,
            ["gold.c"] = StepStatus.Skipped,
            ["bronze.e"] = StepStatus.Succeeded,
            ["silver.f"] = StepStatus.Succeeded,
            ["silver.g"] = StepStatus.Skipped,
        });
        report.Step("bronze.a").Error.Should().Be("InvalidOperationException: boom");
        report.Step("gold.c").Error.Should().Be("upstream failed: bronze.a");
        report.Step("silver.g").Error.Should().Be("upstream failed: bronze.a");
        steps.Where(step => report.Step(step.Descriptor.Name).Status == StepStatus.Skipped)
            .Should().OnlyContain(step => step.Runs == 0);
    }

    [Fact]
    public async Task Skipped_steps_never_started_and_have_no_times_or_attempts()
    {
        await using var harness = new ExecutorHarness();
        var steps = new[] { new TestStep("bronze.a", Boom), new TestStep("silver.b", parents: ["bronze.a"]) };

        var report = await harness.RunAsync(steps);

        var skipped = report.Step("silver.b");
        skipped.StartedAt.Should().BeNull();
        skipped.FinishedAt.Should().Be(harness.Clock.GetUtcNow());
        skipped.Attempts.Should().Be(0);
    }

    [Fact]
    public async Task An_error_text_is_one_bounded_paragraph_without_a_stack_trace()
    {
        await using var harness = new ExecutorHarness();
        var longMessage = "first line\r\nsecond line\n" + new string('x', 5000);
        var step = new TestStep("bronze.a", (_, _) => throw new InvalidOperationException(longMessage, new FormatException("inner cause")));

        var report = await harness.RunAsync([step]);

        var error = report.Step("bronze.a").Error;
        error.Should().StartWith("InvalidOperationException: first line second line xxx");
        error.Should().NotContain("\n").And.NotContain("   at ");
        error!.Length.Should().BeLessThanOrEqualTo(2000);
    }

    [Fact]
    public async Task An_inner_exception_is_named_in_the_error()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.a", (_, _) => throw new InvalidOperationException("load failed", new FormatException("bad date in row 7")));

        var report = await harness.RunAsync([step]);

        report.Step("bronze.a").Error.Should().Be("InvalidOperationException: load failed ---> FormatException: bad date in row 7");
    }

    [Fact]
    public async Task A_step_that_throws_before_returning_a_task_fails_like_any_other()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.a", (_, _) => throw new NotSupportedException("synchronous"));
        var sibling = new TestStep("bronze.b");

        var report = await harness.RunAsync([step, sibling]);

        report.Status.Should().Be(RunStatus.Failed);
        report.Step("bronze.a").Error.Should().Be("NotSupportedException: synchronous");
        report.Step("bronze.b").Status.Should().Be(StepStatus.Succeeded);
    }
}
