using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Documents;

/// <summary>Where the document drops are (docs/configuration.md).</summary>
/// <param name="DataFolder">LSATS_DATA_FOLDER, default <see cref="DefaultDataFolder"/>.</param>
public sealed record DocumentsOptions(string DataFolder)
{
    /// <summary>The seed's default folder.</summary>
    public const string DefaultDataFolder = "/var/lsats/data";

    /// <summary>Reads LSATS_DATA_FOLDER (optional).</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The options.</returns>
    public static DocumentsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var folder = configuration["LSATS_DATA_FOLDER"];
        return new DocumentsOptions(string.IsNullOrWhiteSpace(folder) ? DefaultDataFolder : folder.Trim());
    }
}
