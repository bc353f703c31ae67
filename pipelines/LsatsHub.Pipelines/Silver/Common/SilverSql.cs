using System.Collections.Concurrent;

namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>
/// The SQL of one silver step: the embedded resource <c>&lt;StepClass&gt;.sql</c> beside the step class (same folder, same
/// name), and the <c>entity_type</c> its <c>meta.ingestion_runs</c> rows carry.
/// </summary>
public sealed record SilverSql
{
    private static readonly ConcurrentDictionary<Type, string> Texts = new();

    private SilverSql(Type stepType, string entityType)
    {
        StepType = stepType;
        EntityType = entityType;
    }

    /// <summary>The step class the SQL belongs to.</summary>
    public Type StepType { get; }

    /// <summary>The <c>entity_type</c> of the step's <c>meta.ingestion_runs</c> rows, e.g. <c>lab_award</c>.</summary>
    public string EntityType { get; }

    /// <summary>The file's path in its project, e.g. <c>Silver/SourceSpecific/BuildLabAwards.sql</c> (folders mirror namespaces).</summary>
    public string FileName
    {
        get
        {
            var root = StepType.Assembly.GetName().Name! + ".";
            var name = StepType.FullName!;
            var relative = name.StartsWith(root, StringComparison.Ordinal) ? name[root.Length..] : name;
            return relative.Replace('.', '/') + ".sql";
        }
    }

    /// <summary>The SQL text, read from the assembly once.</summary>
    /// <exception cref="InvalidOperationException">The step class has no embedded <c>.sql</c> file beside it.</exception>
    public string Text => Texts.GetOrAdd(StepType, Load);

    /// <summary>The SQL embedded beside <typeparamref name="TStep"/>.</summary>
    /// <typeparam name="TStep">The step class.</typeparam>
    /// <param name="entityType">The <c>entity_type</c> of its run rows.</param>
    /// <returns>The descriptor; the file is read on first use.</returns>
    public static SilverSql For<TStep>(string entityType)
        where TStep : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        return new SilverSql(typeof(TStep), entityType);
    }

    private static string Load(Type stepType)
    {
        var resource = stepType.FullName + ".sql";
        using var stream = stepType.Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException(
                $"{stepType.Name} has no SQL: embed {stepType.Name}.sql beside the class (the project embeds Silver/**/*.sql; expected resource {resource}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
