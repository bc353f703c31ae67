using LsatsHub.Engine.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Pipelines;

/// <summary>Registers every LSATS step and the external datasets they read.</summary>
public static class LsatsPipelines
{
    /// <summary>Adds all step classes of this assembly (a new step class appears in the DAG by existing) and the sources.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddLsatsPipelines(this IServiceCollection services)
    {
        services.AddStepsFromAssembly(typeof(LsatsPipelines).Assembly);
        return services;
    }
}
