using System.Text.RegularExpressions;
using LsatsHub.Runner.Tests.Support;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>
/// What <c>lsats-run list</c> says about each real LSATS step: every registered step (the assembly scan, not a
/// hand-kept list) has its own readable description. Guards against descriptions left as generated stubs such as
/// "EnrichTdxUsers0" or format strings whose arguments were never filled in.
/// </summary>
public sealed partial class StepDescriptionTests
{
    [Fact]
    public async Task Every_registered_step_has_a_distinct_readable_description()
    {
        var runner = new InProcessRunner { UseLsatsPipelines = true };

        var result = await runner.InvokeAsync("list");

        result.ExitCode.Should().Be(0, result.Error);
        var lines = result.Output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var total = lines.Select(line => StepTotal().Match(line)).Single(match => match.Success);
        var headers = lines
            .Where(line => line.Length > 0 && !char.IsWhiteSpace(line[0]) && !StepTotal().IsMatch(line))
            .ToList();
        headers.Should().HaveCount(int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), "one line per registered step");
        headers.Should().HaveCountGreaterThanOrEqualTo(16, "the list must cover every bronze step at least");
        var described = headers.Select(line => line.Split("  — ", 2)).ToList();
        described.Where(parts => parts.Length < 2 || string.IsNullOrWhiteSpace(parts[1]))
            .Select(parts => parts[0])
            .Should().BeEmpty("every step needs a description");
        var descriptions = described.Where(parts => parts.Length == 2).ToDictionary(parts => parts[0], parts => parts[1].Trim());
        descriptions.Where(entry => FormatPlaceholder().IsMatch(entry.Value))
            .Select(entry => entry.Key)
            .Should().BeEmpty("a description must not contain an unfilled placeholder such as {0}");
        descriptions.Where(entry => TypeNameWithDigit().IsMatch(entry.Value))
            .Select(entry => entry.Key)
            .Should().BeEmpty("a description must not be a type name with a counter, such as EnrichTdxUsers0");
        descriptions.GroupBy(entry => entry.Value, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => string.Join(", ", group.Select(entry => entry.Key)))
            .Should().BeEmpty("two steps must not share one description");
    }

    [Theory]
    [InlineData("T5: EnrichTdxUsers0", false, true)]
    [InlineData("T1: TDX accounts (GET accounts) into bronze", false, false)]
    [InlineData("{0} into bronze", true, false)]
    [InlineData("A1: AD users (LDAP, paged, full fetch)", false, false)]
    public void The_checks_recognise_stubs_and_accept_real_descriptions(string description, bool placeholder, bool typeName)
    {
        FormatPlaceholder().IsMatch(description).Should().Be(placeholder);
        TypeNameWithDigit().IsMatch(description).Should().Be(typeName);
    }

    // The list's closing line, e.g. "16 steps, 8 dependencies, 5 external datasets".
    [GeneratedRegex(@"^(\d+) steps?,")]
    private static partial Regex StepTotal();

    // {0}, {1:N0}, {} — a composite-format item left in the text.
    [GeneratedRegex(@"\{\d*(:[^}]*)?\}")]
    private static partial Regex FormatPlaceholder();

    // A PascalCase identifier of two or more words directly followed by a digit, e.g. EnrichTdxUsers0.
    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\d+\b")]
    private static partial Regex TypeNameWithDigit();
}
