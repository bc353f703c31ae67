using LsatsHub.Connectors;
using LsatsHub.Connectors.Documents;
using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Connectors.UmApi;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines;

/// <summary>
/// The start-up check of each source's configuration: the same typed options the steps build when they run, built
/// once before the run starts, so that a missing variable (AD_PASSWORD, TDX_BASE_URL, ...) stops the run naming it
/// (exit 2) instead of failing a step half-way. The messages are the connectors' own: they name the variable and
/// never its value.
/// </summary>
internal static class SourceChecks
{
    public static IReadOnlyList<string> Tdx(IConfiguration configuration) => Check(() =>
    {
        TdxOptions.FromConfiguration(configuration);
        HttpRetryBudget.FromConfiguration(configuration);
    });

    public static IReadOnlyList<string> ActiveDirectory(IConfiguration configuration) => Check(() => LdapConfiguration.ForActiveDirectory(configuration));

    public static IReadOnlyList<string> MCommunity(IConfiguration configuration) => Check(() => LdapConfiguration.ForMcommunity(configuration));

    public static IReadOnlyList<string> UmApi(IConfiguration configuration) => Check(() => UmApiOptions.FromConfiguration(configuration));

    public static IReadOnlyList<string> Documents(IConfiguration configuration) => Check(() => DocumentsOptions.FromConfiguration(configuration));

    private static IReadOnlyList<string> Check(Action read)
    {
        try
        {
            read();
            return [];
        }
        catch (ConnectorException exception)
        {
            return [exception.Message];
        }
    }
}
