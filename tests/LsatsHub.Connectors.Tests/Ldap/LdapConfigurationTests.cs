using LsatsHub.Connectors.Ldap;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Ldap;

public sealed class LdapConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Active_directory_uses_the_seeds_defaults_and_ldaps()
    {
        var settings = LdapConfiguration.ForActiveDirectory(Config(("AD_USER", "svc"), ("AD_PASSWORD", " secret\n")));

        settings.Endpoint.Should().Be("adsroot.itcs.umich.edu:636");
        settings.UseSsl.Should().BeTrue();
        settings.Password.Should().Be("secret", "credential files end with a newline");
        settings.SearchBase.Should().Be("OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu");
        settings.Timeout.Should().Be(TimeSpan.FromSeconds(600));
        settings.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(30), "binding is bounded in seconds, not by the long search timeout");
    }

    [Fact]
    public void Each_directory_reads_its_own_connect_timeout()
    {
        var configuration = Config(
            ("AD_USER", "svc"), ("AD_PASSWORD", "pw"), ("AD_CONNECT_TIMEOUT", "7"),
            ("MCOMMUNITY_LDAP_USER", "cn=app"), ("MCOMMUNITY_LDAP_PASSWORD", "pw"), ("MCOMMUNITY_LDAP_CONNECT_TIMEOUT", "9"));

        var ad = LdapConfiguration.ForActiveDirectory(configuration);
        var mcommunity = LdapConfiguration.ForMcommunity(configuration);

        (ad.ConnectTimeout, ad.ConnectTimeoutVariable).Should().Be((TimeSpan.FromSeconds(7), "AD_CONNECT_TIMEOUT"));
        (mcommunity.ConnectTimeout, mcommunity.ConnectTimeoutVariable).Should().Be((TimeSpan.FromSeconds(9), "MCOMMUNITY_LDAP_CONNECT_TIMEOUT"));
    }

    [Fact]
    public void Mcommunity_reads_its_own_variables()
    {
        var settings = LdapConfiguration.ForMcommunity(Config(
            ("MCOMMUNITY_LDAP_SERVER", "ldap.example"), ("MCOMMUNITY_LDAP_PORT", "389"), ("MCOMMUNITY_LDAP_USE_SSL", "false"),
            ("MCOMMUNITY_LDAP_USER", "cn=app"), ("MCOMMUNITY_LDAP_PASSWORD", "pw"), ("MCOMMUNITY_LDAP_TIMEOUT", "30")));

        settings.Endpoint.Should().Be("ldap.example:389");
        settings.UseSsl.Should().BeFalse();
        settings.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        settings.SearchBase.Should().Be("dc=umich,dc=edu");
    }

    [Theory]
    [InlineData("AD_USER")]
    [InlineData("AD_PASSWORD")]
    public void A_missing_required_variable_is_named(string missing)
    {
        var values = new[] { ("AD_USER", "svc"), ("AD_PASSWORD", "pw") }.Where(v => v.Item1 != missing).ToArray();

        var act = () => LdapConfiguration.ForActiveDirectory(Config(values));

        act.Should().Throw<ConnectorException>().WithMessage($"{missing} is not set*");
    }

    [Theory]
    [InlineData("MCOMMUNITY_LDAP_PORT", "ldaps")]
    [InlineData("MCOMMUNITY_LDAP_USE_SSL", "maybe")]
    [InlineData("MCOMMUNITY_LDAP_TIMEOUT", "-1")]
    [InlineData("MCOMMUNITY_LDAP_CONNECT_TIMEOUT", "0")]
    public void A_malformed_variable_is_named_with_its_value(string name, string value)
    {
        var act = () => LdapConfiguration.ForMcommunity(Config(("MCOMMUNITY_LDAP_USER", "cn=app"), ("MCOMMUNITY_LDAP_PASSWORD", "pw"), (name, value)));

        act.Should().Throw<ConnectorException>().WithMessage($"{name} must be*'{value}'*");
    }

    [Fact]
    public void Settings_never_print_the_password()
    {
        var settings = LdapConfiguration.ForActiveDirectory(Config(("AD_USER", "svc"), ("AD_PASSWORD", "hunter2-secret")));

        settings.ToString().Should().NotContain("hunter2-secret").And.Contain("svc");
    }
}
