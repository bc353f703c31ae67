using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Reads the seed's LDAP variables (docs/configuration.md) into validated <see cref="LdapSettings"/>. A missing or malformed
/// variable is a <see cref="ConnectorException"/> that names the variable and never echoes a password.
/// </summary>
public static class LdapConfiguration
{
    /// <summary>Folder of trusted CA certificates for LDAPS (rehashed), shared by both directories.</summary>
    public const string CaDirectoryVariable = "LSATS_LDAP_CA_DIR";

    /// <summary>Connect + TLS + bind budget when no *_CONNECT_TIMEOUT is set: a live directory binds in well under a second.</summary>
    private const int DefaultConnectTimeoutSeconds = 30;

    /// <summary>
    /// Active Directory: AD_SERVER (default adsroot.itcs.umich.edu), AD_PORT (636), AD_USER (required), AD_PASSWORD
    /// (required), AD_SEARCH_BASE (OU=UMICH,…), AD_USE_SSL (true: the seed always uses LDAPS), AD_TIMEOUT (600 s, per
    /// search page), AD_CONNECT_TIMEOUT (30 s, connect + TLS + bind).
    /// </summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The settings.</returns>
    public static LdapSettings ForActiveDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new LdapSettings
        {
            DirectoryName = "Active Directory",
            Server = Text(configuration, "AD_SERVER", "adsroot.itcs.umich.edu"),
            Port = Port(configuration, "AD_PORT", 636),
            UseSsl = Flag(configuration, "AD_USE_SSL", defaultValue: true),
            BindUser = Required(configuration, "AD_USER"),
            Password = Secret(configuration, "AD_PASSWORD"),
            PasswordVariable = "AD_PASSWORD",
            SearchBase = Text(configuration, "AD_SEARCH_BASE", "OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu"),
            Timeout = Seconds(configuration, "AD_TIMEOUT", 600),
            TimeoutVariable = "AD_TIMEOUT",
            ConnectTimeout = Seconds(configuration, "AD_CONNECT_TIMEOUT", DefaultConnectTimeoutSeconds),
            ConnectTimeoutVariable = "AD_CONNECT_TIMEOUT",
            CaDirectory = CaDirectory(configuration),
        };
    }

    /// <summary>
    /// MCommunity: MCOMMUNITY_LDAP_SERVER (ldap.umich.edu), _PORT (636), _BASE (dc=umich,dc=edu), _USER (required),
    /// _PASSWORD (required), _USE_SSL (true), _TIMEOUT (90 s, per search page), _CONNECT_TIMEOUT (30 s, connect + TLS + bind).
    /// </summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The settings.</returns>
    public static LdapSettings ForMcommunity(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new LdapSettings
        {
            DirectoryName = "MCommunity",
            Server = Text(configuration, "MCOMMUNITY_LDAP_SERVER", "ldap.umich.edu"),
            Port = Port(configuration, "MCOMMUNITY_LDAP_PORT", 636),
            UseSsl = Flag(configuration, "MCOMMUNITY_LDAP_USE_SSL", defaultValue: true),
            BindUser = Required(configuration, "MCOMMUNITY_LDAP_USER"),
            Password = Secret(configuration, "MCOMMUNITY_LDAP_PASSWORD"),
            PasswordVariable = "MCOMMUNITY_LDAP_PASSWORD",
            SearchBase = Text(configuration, "MCOMMUNITY_LDAP_BASE", "dc=umich,dc=edu"),
            Timeout = Seconds(configuration, "MCOMMUNITY_LDAP_TIMEOUT", 90),
            TimeoutVariable = "MCOMMUNITY_LDAP_TIMEOUT",
            ConnectTimeout = Seconds(configuration, "MCOMMUNITY_LDAP_CONNECT_TIMEOUT", DefaultConnectTimeoutSeconds),
            ConnectTimeoutVariable = "MCOMMUNITY_LDAP_CONNECT_TIMEOUT",
            CaDirectory = CaDirectory(configuration),
        };
    }

    private static string? CaDirectory(IConfiguration configuration)
    {
        var folder = configuration[CaDirectoryVariable]?.Trim();
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }

        if (!Directory.Exists(folder))
        {
            throw new ConnectorException($"{CaDirectoryVariable} names '{folder}', which is not a folder (expected a folder of CA certificates prepared with 'openssl rehash').");
        }

        return folder;
    }

    private static string Text(IConfiguration configuration, string name, string defaultValue)
    {
        var value = configuration[name]?.Trim();
        return string.IsNullOrEmpty(value) ? defaultValue : value;
    }

    private static string Required(IConfiguration configuration, string name)
    {
        var value = configuration[name]?.Trim();
        return string.IsNullOrEmpty(value)
            ? throw new ConnectorException($"{name} is not set; it is required to bind to the directory.")
            : value;
    }

    private static string Secret(IConfiguration configuration, string name)
    {
        // Credential files often end with a newline; the seed strips whitespace the same way.
        var value = configuration[name]?.Trim();
        return string.IsNullOrEmpty(value)
            ? throw new ConnectorException($"{name} is not set (neither in the environment nor as a systemd credential file); it is required to bind to the directory.")
            : value;
    }

    private static int Port(IConfiguration configuration, string name, int defaultValue)
    {
        var value = configuration[name]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ConnectorException($"{name} must be a TCP port number (1-65535), got '{value}'.");
    }

    private static bool Flag(IConfiguration configuration, string name, bool defaultValue)
    {
        var value = configuration[name]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        return value.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => true,
            "FALSE" or "0" or "NO" or "OFF" => false,
            _ => throw new ConnectorException($"{name} must be true or false, got '{value}'."),
        };
    }

    private static TimeSpan Seconds(IConfiguration configuration, string name, int defaultSeconds)
    {
        var value = configuration[name]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return TimeSpan.FromSeconds(defaultSeconds);
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConnectorException($"{name} must be a whole number of seconds greater than 0, got '{value}'.");
    }
}
