using LsatsHub.Runner.Configuration;

namespace LsatsHub.Runner.Tests.Configuration;

public sealed class RunnerConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lsats-config-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Set_variables_beat_the_env_file_and_options_beat_both()
    {
        var envFile = Path.Combine(_folder.FullName, "hub.conf");
        File.WriteAllLines(envFile, ["TDX_APP_ID=48", "UM_CATEGORY_ID=bf", "LSATS_MAX_PARALLEL=2"]);

        var configuration = RunnerConfiguration.Build(
            new Dictionary<string, string> { ["UM_CATEGORY_ID"] = "from-environment", ["LSATS_MAX_PARALLEL"] = "3" },
            envFile,
            new Dictionary<string, string> { ["LSATS_MAX_PARALLEL"] = "4" });

        configuration["TDX_APP_ID"].Should().Be("48");
        configuration["UM_CATEGORY_ID"].Should().Be("from-environment");
        configuration["LSATS_MAX_PARALLEL"].Should().Be("4");
    }

    [Fact]
    public void Systemd_credentials_become_the_seeds_password_variables()
    {
        var credentials = _folder.CreateSubdirectory("credentials");
        File.WriteAllText(Path.Combine(credentials.FullName, "ad_password"), "ad-secret\n");
        File.WriteAllText(Path.Combine(credentials.FullName, "ldap_password"), "ldap-secret");
        File.WriteAllText(Path.Combine(credentials.FullName, "tdx_web_services_key"), "tdx-secret");

        var configuration = RunnerConfiguration.Build(
            new Dictionary<string, string> { ["CREDENTIALS_DIRECTORY"] = credentials.FullName, ["AD_PASSWORD"] = string.Empty },
            null,
            new Dictionary<string, string>());

        configuration["AD_PASSWORD"].Should().Be("ad-secret");
        configuration["MCOMMUNITY_LDAP_PASSWORD"].Should().Be("ldap-secret");
        configuration["TDX_WEB_SERVICES_KEY"].Should().Be("tdx-secret");
        RunnerSettings.From(configuration).Secrets.Should().Contain(["ad-secret", "ldap-secret", "tdx-secret"]);
    }

    [Fact]
    public void A_missing_env_file_is_named()
    {
        var act = () => RunnerConfiguration.Build(new Dictionary<string, string>(), "/nonexistent/hub.conf", new Dictionary<string, string>());

        act.Should().Throw<ConfigurationException>().WithMessage("*/nonexistent/hub.conf*");
    }

    [Theory]
    [InlineData("tdx-api=1,ldap-ad=2", "ldap-ad", 2)]
    [InlineData(null, "tdx-api", 1)]
    [InlineData("tdx-api=3", "tdx-api", 3)]
    public void Resource_limits_parse_with_tdx_api_limited_to_one_by_default(string? text, string resource, int limit)
    {
        RunnerSettings.ParseResourceLimits(text).Limits[resource].Should().Be(limit);
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData("tdx-api=1,*=2", 2)]
    public void A_resource_nobody_named_is_bounded_by_the_star_limit(string? text, int limit)
    {
        var settings = RunnerSettings.ParseResourceLimits(text);

        settings.Default.Should().Be(limit);
        settings.Limits.Should().NotContainKey("*");
    }

    [Theory]
    [InlineData("tdx-api")]
    [InlineData("tdx-api=0")]
    [InlineData("=2")]
    [InlineData("*=0")]
    public void Malformed_resource_limits_name_the_variable(string text)
    {
        var act = () => RunnerSettings.ParseResourceLimits(text);

        act.Should().Throw<ConfigurationException>().WithMessage("LSATS_RESOURCE_LIMITS*");
    }
}
