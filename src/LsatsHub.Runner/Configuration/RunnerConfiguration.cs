using Microsoft.Extensions.Configuration;

namespace LsatsHub.Runner.Configuration;

/// <summary>
/// The one place configuration is assembled. Later layers win:
/// env file (<c>--env-file</c>, <c>LSATS_ENV_FILE</c> or <c>./.env</c>) → process environment (as
/// with python-dotenv, a variable already set beats the file; under systemd <c>EnvironmentFile=</c>
/// lands here) → secrets in <c>$CREDENTIALS_DIRECTORY</c> → command-line options.
/// Variable names are the seed's own, so an existing <c>hub.conf</c> keeps working.
/// </summary>
internal static class RunnerConfiguration
{
    /// <summary>systemd credential names the seed's units use, and the variables they stand for.</summary>
    private static readonly Dictionary<string, string> CredentialAliases = new(StringComparer.Ordinal)
    {
        ["ad_password"] = "AD_PASSWORD",
        ["ldap_password"] = "MCOMMUNITY_LDAP_PASSWORD",
    };

    /// <param name="environment">The process environment.</param>
    /// <param name="explicitEnvFile">The <c>--env-file</c> option, if given.</param>
    /// <param name="overrides">Values from command-line options.</param>
    public static IConfiguration Build(IReadOnlyDictionary<string, string> environment, string? explicitEnvFile, IReadOnlyDictionary<string, string> overrides)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var envFile = explicitEnvFile
            ?? (environment.TryGetValue("LSATS_ENV_FILE", out var fromVariable) && fromVariable.Length > 0 ? fromVariable : null);
        if (envFile is not null)
        {
            Overlay(values, DotEnvFile.Read(envFile));
        }
        else if (File.Exists(".env"))
        {
            Overlay(values, DotEnvFile.Read(".env"));
        }

        Overlay(values, environment);
        if (environment.TryGetValue("CREDENTIALS_DIRECTORY", out var credentials) && Directory.Exists(credentials))
        {
            Overlay(values, ReadCredentials(credentials));
        }

        Overlay(values, overrides);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static Dictionary<string, string> ReadCredentials(string directory)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var variable = CredentialAliases.TryGetValue(name, out var alias) ? alias : name.ToUpperInvariant();
            secrets[variable] = File.ReadAllText(file).TrimEnd('\r', '\n');
        }

        return secrets;
    }

    private static void Overlay(Dictionary<string, string?> target, IReadOnlyDictionary<string, string> layer)
    {
        foreach (var (key, value) in layer)
        {
            target[key] = value;
        }
    }
}
