using LsatsHub.Connectors.UmApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Connectors.Tests.UmApi;

public sealed class UmApiOptionsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["UM_BASE_URL"] = "https://gw.api.it.umich.edu/um/",
        ["UM_CATEGORY_ID"] = "bf",
        ["UM_CLIENT_KEY"] = "client-key",
        ["UM_CLIENT_SECRET"] = "s3cr3t-value",
    };

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void The_seed_variables_configure_the_client_and_the_token_url_defaults_to_the_gateways()
    {
        var options = UmApiOptions.FromConfiguration(Configuration(Complete));

        options.BaseUrl.Should().Be(new Uri("https://gw.api.it.umich.edu/um"));
        options.TokenUrl.Should().Be(new Uri("https://gw.api.it.umich.edu/um/oauth2/token"));
        options.CategoryId.Should().Be("bf");
        options.PageSize.Should().Be(1000);
    }

    [Fact]
    public void UM_OAUTH_TOKEN_URL_overrides_the_derived_token_url()
    {
        var options = UmApiOptions.FromConfiguration(Configuration(new(Complete) { ["UM_OAUTH_TOKEN_URL"] = "http://127.0.0.1:9/um/oauth2/token" }));

        options.TokenUrl.Should().Be(new Uri("http://127.0.0.1:9/um/oauth2/token"));
    }

    [Theory]
    [InlineData("UM_BASE_URL")]
    [InlineData("UM_CATEGORY_ID")]
    [InlineData("UM_CLIENT_KEY")]
    [InlineData("UM_CLIENT_SECRET")]
    public void A_missing_variable_is_named(string variable)
    {
        var act = () => UmApiOptions.FromConfiguration(Configuration(new(Complete) { [variable] = null }));

        act.Should().Throw<ConnectorException>().WithMessage($"{variable} is not set*");
    }

    [Fact]
    public void A_malformed_url_or_page_size_is_named_and_the_secret_never_printed()
    {
        var badUrl = () => UmApiOptions.FromConfiguration(Configuration(new(Complete) { ["UM_BASE_URL"] = "gw.api" }));
        var badPage = () => UmApiOptions.FromConfiguration(Configuration(new(Complete) { ["UM_PAGE_SIZE"] = "5000" }));

        badUrl.Should().Throw<ConnectorException>().WithMessage("UM_BASE_URL must be an absolute http(s) URL, got 'gw.api'.");
        badPage.Should().Throw<ConnectorException>().WithMessage("UM_PAGE_SIZE must be*");
        UmApiOptions.FromConfiguration(Configuration(Complete)).ToString().Should().NotContain("s3cr3t-value").And.Contain("client-key");
    }

    [Fact]
    public void AddUmApiConnector_registers_a_factory_that_builds_clients_from_configuration()
    {
        using var services = new ServiceCollection().AddUmApiConnector().BuildServiceProvider();

        var factory = services.GetRequiredService<UmApiClientFactory>();
        using var client = factory.Create(Configuration(Complete), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        client.Statistics.ApiCalls.Should().Be(0);
    }
}
