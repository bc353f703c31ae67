using LsatsHub.Connectors.Tdx;
using LsatsHub.TicketQueue.Actions;
using LsatsHub.TicketQueue.Log;
using LsatsHub.TicketQueue.Silver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.TicketQueue;

/// <summary>Registers the ticket queue.</summary>
public static class TicketQueueServiceCollectionExtensions
{
    /// <summary>
    /// Adds the poller, the log, the silver lookups, the configured chain and the TDX connector. The services must hold
    /// an <see cref="IConfiguration"/>, an <see cref="NpgsqlDataSource"/> and logging.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The queue options.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddTicketQueue(this IServiceCollection services, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTdxConnector();
        services.AddSingleton(options);
        services.AddSingleton(sp => new ActionLog(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SilverLookups(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => ActionCatalog.Chain(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new QueuePoller(
            sp.GetRequiredService<TdxClient>(), sp.GetRequiredService<ActionLog>(), sp.GetRequiredService<SilverLookups>(),
            sp.GetRequiredService<IReadOnlyList<ITicketAction>>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<QueuePoller>>()));
        return services;
    }
}
