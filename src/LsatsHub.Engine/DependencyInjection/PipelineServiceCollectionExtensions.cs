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

    /// <summary>Registers every concrete <see cref="IStep"/> class of an assembly; each must be public.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="InvalidOperationException">
    /// A step class is not public. Registering only exported types would leave it out of the graph without a word,
    /// so a forgotten <c>public</c> must stop the program instead.
    /// </exception>
    public static IServiceCollection AddStepsFromAssembly(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        var stepTypes = StepTypesOf(assembly);
        var hidden = stepTypes.Where(type => !type.IsVisible).Select(type => type.FullName).ToArray();
        if (hidden.Length > 0)
        {
            throw new InvalidOperationException(
                $"Step classes of {assembly.GetName().Name} that are not public, so they would be missing from the pipeline: {string.Join(", ", hidden)}. Make them public (and sealed).");
        }

        foreach (var stepType in stepTypes)
        {
            services.AddSingleton(typeof(IStep), stepType);
        }

        return services;
    }

    /// <summary>Every concrete class of an assembly that implements <see cref="IStep"/>, public or not, ordered by name.</summary>
    /// <param name="assembly">The assembly.</param>
    /// <returns>The step classes.</returns>
    public static IReadOnlyList<Type> StepTypesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IStep).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray();
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
