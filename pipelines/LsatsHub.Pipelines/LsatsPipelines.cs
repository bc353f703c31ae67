using LsatsHub.Connectors.Ldap;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Engine.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Pipelines;

/// <summary>Registers every LSATS step and the external datasets they read.</summary>
public static class LsatsPipelines
{
    /// <summary>
    /// Adds all step classes of this assembly (a new step class appears in the DAG by existing) and the sources, each
    /// with the start-up check of its configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddLsatsPipelines(this IServiceCollection services)
    {
        services.AddExternalDataset(Datasets.Sources.Tdx, "TeamDynamix Web API", SourceChecks.Tdx);
        services.AddExternalDataset(Datasets.Sources.ActiveDirectory, "Active Directory over LDAPS", SourceChecks.ActiveDirectory);
        services.AddExternalDataset(Datasets.Sources.MCommunity, "MCommunity directory over LDAPS", SourceChecks.MCommunity);
        services.AddExternalDataset(Datasets.Sources.UmApi, "UMich API gateway", SourceChecks.UmApi);
        services.AddExternalDataset(Datasets.Sources.Documents, "document drops in LSATS_DATA_FOLDER", SourceChecks.Documents);
        services.AddTdxConnector();
        services.AddLdapConnectors();
        services.AddUmApiConnector();
        services.AddStepsFromAssembly(typeof(LsatsPipelines).Assembly);
        return services;
    }
}
