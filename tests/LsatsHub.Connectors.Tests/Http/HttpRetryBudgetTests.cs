using LsatsHub.Connectors.Http;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Http;

public sealed class HttpRetryBudgetTests
{
    [Fact]
    public void Without_variables_a_call_gets_five_attempts_of_100_s_and_gives_up_within_620_s()
    {
        var budget = HttpRetryBudget.FromConfiguration(Configuration());

        budget.MaxAttempts.Should().Be(5);
        budget.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(100));
        budget.WorstCase.Should().Be(TimeSpan.FromSeconds(620));
    }

    [Fact]
    public void The_variables_set_retries_and_attempt_timeout()
    {
        var budget = HttpRetryBudget.FromConfiguration(Configuration(("LSATS_HTTP_RETRIES", "0"), ("LSATS_HTTP_ATTEMPT_TIMEOUT", "7")));

        budget.MaxAttempts.Should().Be(1);
        budget.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(7));
        budget.WorstCase.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData("LSATS_HTTP_RETRIES", "-1")]
    [InlineData("LSATS_HTTP_RETRIES", "many")]
    [InlineData("LSATS_HTTP_ATTEMPT_TIMEOUT", "0")]
    [InlineData("LSATS_HTTP_ATTEMPT_TIMEOUT", "1m")]
    public void A_malformed_value_is_rejected_naming_the_variable(string variable, string value)
    {
        var act = () => HttpRetryBudget.FromConfiguration(Configuration((variable, value)));

        act.Should().Throw<ConnectorException>().WithMessage($"{variable}*'{value}'*");
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();
}
