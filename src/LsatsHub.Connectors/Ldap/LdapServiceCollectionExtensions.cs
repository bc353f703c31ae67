using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LsatsHub.Connectors.Ldap;

/// <summary>Registers the LDAP connector used by the AD and MCommunity bronze steps.</summary>
public static class LdapServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ILdapConnector"/> (a stateless singleton; each step opens its own session).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddLdapConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton<ILdapConnector, LdapConnector>();
        return services;
    }
}
