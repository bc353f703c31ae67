using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Engine.DependencyInjection;

/// <summary>Registers steps and external datasets so that the graph finds them.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers one step class; it appears in the DAG from then on.</summary>
    /// <typeparam name="TStep">The step class.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddStep<TStep>(this IServiceCollection services)
        where TStep : class, IStep
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IStep, TStep>();
        return services;
    }

    /// <summary>Registers every concrete, public <see cref="IStep"/> class of an assembly.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddStepsFromAssembly(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        var stepTypes = assembly.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IStep).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (var stepType in stepTypes)
        {
            services.AddSingleton(typeof(IStep), stepType);
        }

        return services;
    }

    /// <summary>Declares a dataset that comes from outside the pipeline.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="id">The dataset.</param>
    /// <param name="description">Where it comes from.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddExternalDataset(this IServiceCollection services, DatasetId id, string description) =>
        AddExternalDataset(services, id, description, checkConfiguration: null);

    /// <summary>Declares a dataset that comes from outside the pipeline, with a start-up check of the configuration that reaches it.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="id">The dataset.</param>
    /// <param name="description">Where it comes from.</param>
    /// <param name="checkConfiguration">Returns the configuration problems (see <see cref="ExternalDataset.CheckConfiguration"/>).</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddExternalDataset(
        this IServiceCollection services, DatasetId id, string description, Func<Microsoft.Extensions.Configuration.IConfiguration, IReadOnlyList<string>>? checkConfiguration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new ExternalDataset(id, description) { CheckConfiguration = checkConfiguration });
        return services;
    }
}
