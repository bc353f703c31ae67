using LsatsHub.Runner.Configuration;

namespace LsatsHub.Runner.Tests.Configuration;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Reads_plain_exported_quoted_and_commented_lines()
    {
        var values = DotEnvFile.Parse(
            [
                "# TDX",
                "TDX_BASE_URL=https://tdx.example/SBTDWebApi/api",
                "export TDX_APP_ID=48",
                "UM_CATEGORY_ID='bf'",
                "AD_USER=\"umroot\\\\svc\"",
                "LSATS_DATA_FOLDER=/var/lib/lsats/data # drops",
                string.Empty,
            ],
            "hub.conf");

        values.Should().Equal(new Dictionary<string, string>
        {
            ["TDX_BASE_URL"] = "https://tdx.example/SBTDWebApi/api",
            ["TDX_APP_ID"] = "48",
            ["UM_CATEGORY_ID"] = "bf",
            ["AD_USER"] = "umroot\\svc",
            ["LSATS_DATA_FOLDER"] = "/var/lib/lsats/data",
        });
    }

    [Fact]
    public void A_malformed_line_is_reported_by_place_without_its_content()
    {
        var act = () => DotEnvFile.Parse(["OK=1", "this line holds hunter2"], "hub.conf");

        act.Should().Throw<ConfigurationException>().WithMessage("hub.conf:2: expected KEY=value.");
    }

    [Fact]
    public void An_unclosed_quote_names_the_variable()
    {
        var act = () => DotEnvFile.Parse(["TDX_PASSWORD=\"hunter2"], "hub.conf");

        act.Should().Throw<ConfigurationException>().Which.Message.Should().Contain("TDX_PASSWORD").And.NotContain("hunter2");
    }
}
