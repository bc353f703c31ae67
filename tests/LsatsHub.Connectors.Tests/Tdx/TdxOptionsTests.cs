using LsatsHub.Connectors.Tdx;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Tdx;

public sealed class TdxOptionsTests
{
    private static TdxOptions Read(params (string Key, string? Value)[] settings) =>
        TdxOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build());

    [Fact]
    public void A_missing_base_url_is_named()
    {
        var act = () => Read(("TDX_API_TOKEN", "t"));

        act.Should().Throw<ConnectorException>().WithMessage("*TDX_BASE_URL*");
    }

    [Fact]
    public void Missing_credentials_name_every_choice_but_no_value()
    {
        var act = () => Read(("TDX_BASE_URL", "https://tdx.example.edu/TDWebApi/api"), ("TDX_PASSWORD", "hunter2-secret"));

        act.Should().Throw<ConnectorException>()
            .Which.Message.Should().Contain("TDX_BEID").And.Contain("TDX_WEB_SERVICES_KEY").And.Contain("TDX_USERNAME")
            .And.Contain("TDX_API_TOKEN").And.Contain("only TDX_PASSWORD is set").And.NotContain("hunter2-secret");
    }

    [Fact]
    public void Credentials_are_chosen_in_priority_order_and_app_id_defaults_to_48()
    {
        var options = Read(
            ("TDX_BASE_URL", "https://tdx.example.edu/TDWebApi/api/"),
            ("TDX_BEID", "b"),
            ("TDX_WEB_SERVICES_KEY", "k"),
            ("TDX_USERNAME", "u"),
            ("TDX_PASSWORD", "p"),
            ("TDX_API_TOKEN", "t"));

        options.AuthMode.Should().Be(TdxAuthMode.AdminServiceAccount);
        options.AppId.Should().Be(48);
        options.Environment.Should().Be("production");
        options.BaseUrl.ToString().Should().Be("https://tdx.example.edu/TDWebApi/api");
        Read(("TDX_BASE_URL", "https://x/TDWebApi/api"), ("TDX_USERNAME", "u"), ("TDX_PASSWORD", "p"), ("TDX_API_TOKEN", "t")).AuthMode.Should().Be(TdxAuthMode.UserPassword);
        Read(("TDX_BASE_URL", "https://x/SBTDWebApi/api"), ("TDX_BEID", "b"), ("TDX_API_TOKEN", "t")).AuthMode.Should().Be(TdxAuthMode.StaticToken);
    }

    [Fact]
    public void The_environment_is_sandbox_exactly_when_the_path_has_SBTDWebApi()
    {
        Read(("TDX_BASE_URL", "https://teamdynamix.umich.edu/SBTDWebApi/api"), ("TDX_API_TOKEN", "t")).Environment.Should().Be("sandbox");
        Read(("TDX_BASE_URL", "https://teamdynamix.umich.edu/TDWebApi/api"), ("TDX_API_TOKEN", "t")).Environment.Should().Be("production");
    }

    [Fact]
    public void A_malformed_app_id_or_url_is_named()
    {
        var badApp = () => Read(("TDX_BASE_URL", "https://x/TDWebApi/api"), ("TDX_APP_ID", "forty-eight"), ("TDX_API_TOKEN", "t"));
        var badUrl = () => Read(("TDX_BASE_URL", "teamdynamix/api"), ("TDX_API_TOKEN", "t"));

        badApp.Should().Throw<ConnectorException>().WithMessage("*TDX_APP_ID*forty-eight*");
        badUrl.Should().Throw<ConnectorException>().WithMessage("*TDX_BASE_URL*");
    }

    [Fact]
    public void Printing_the_options_shows_no_secret()
    {
        var options = Read(("TDX_BASE_URL", "https://x/TDWebApi/api"), ("TDX_USERNAME", "svc"), ("TDX_PASSWORD", "s3cr3t-value"));

        options.ToString().Should().NotContain("s3cr3t-value").And.Contain("UserPassword");
    }
}
