namespace LsatsHub.Pipelines.TdxSync;

/// <summary>Reads the SQL files embedded beside a TDX sync step (<c>SyncLabCis.sql</c>, <c>SyncLabCis.write_back.sql</c>).</summary>
internal static class EmbeddedSql
{
    /// <summary>The file <c>{step}{suffix}.sql</c>.</summary>
    /// <param name="stepType">The step class.</param>
    /// <param name="suffix">Empty for the main file, else e.g. <c>.write_back</c>.</param>
    /// <returns>The SQL.</returns>
    public static string Read(Type stepType, string suffix = "")
    {
        var resource = stepType.FullName + suffix + ".sql";
        using var stream = stepType.Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{stepType.Name} has no embedded SQL {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
