using LsatsHub.Warehouse.Operations;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("36h", 36 * 60)]
    [InlineData("8d", 8 * 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData(" 1.5h ", 90)]
    public void Operator_durations_parse(string text, int minutes)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromMinutes(minutes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("36")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-3h")]
    [InlineData("3 hours")]
    public void Anything_else_is_refused(string text)
    {
        DurationText.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(45, "45m")]
    [InlineData(36 * 60, "36h")]
    [InlineData(8 * 24 * 60, "8d")]
    [InlineData((8 * 24 + 5) * 60, "8d5h")]
    public void Durations_print_short(int minutes, string expected)
    {
        DurationText.Format(TimeSpan.FromMinutes(minutes)).Should().Be(expected);
    }
}
