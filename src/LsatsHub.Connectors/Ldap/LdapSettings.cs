using System.Globalization;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Where and how to reach one directory. Built from configuration by <see cref="LdapConfiguration"/>; the password is
/// kept out of <see cref="ToString"/> so a logged settings object never shows it.
/// </summary>
public sealed record LdapSettings
{
    /// <summary>The directory's name for messages, e.g. <c>Active Directory</c>.</summary>
    public required string DirectoryName { get; init; }

    /// <summary>Host name or address.</summary>
    public required string Server { get; init; }

    /// <summary>TCP port (636 for LDAPS, 389 for plain).</summary>
    public required int Port { get; init; }

    /// <summary>True for LDAPS (TLS from the first byte).</summary>
    public required bool UseSsl { get; init; }

    /// <summary>The bind identity (a DN, or <c>DOMAIN\user</c> for AD).</summary>
    public required string BindUser { get; init; }

    /// <summary>The bind password; never logged.</summary>
    public required string Password { get; init; }

    /// <summary>The configuration variable the password came from, named in bind failures.</summary>
    public required string PasswordVariable { get; init; }

    /// <summary>The configured search base (AD_SEARCH_BASE / MCOMMUNITY_LDAP_BASE).</summary>
    public required string SearchBase { get; init; }

    /// <summary>How long one search request (one page) may take (AD_TIMEOUT / MCOMMUNITY_LDAP_TIMEOUT).</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The configuration variable <see cref="Timeout"/> came from, named when it runs out.</summary>
    public string TimeoutVariable { get; init; } = "AD_TIMEOUT";

    /// <summary>
    /// How long connecting, the TLS handshake and the bind together may take (AD_CONNECT_TIMEOUT /
    /// MCOMMUNITY_LDAP_CONNECT_TIMEOUT): seconds, not the long search timeout, so a server that accepts connections
    /// and never answers fails its steps quickly.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The configuration variable <see cref="ConnectTimeout"/> came from, named when it runs out.</summary>
    public string ConnectTimeoutVariable { get; init; } = "AD_CONNECT_TIMEOUT";

    /// <summary>
    /// Optional folder of trusted CA certificates, hashed with <c>openssl rehash</c> (LSATS_LDAP_CA_DIR). When null,
    /// libldap's defaults apply, including <c>LDAPTLS_CACERT</c> from the process environment.
    /// </summary>
    public string? CaDirectory { get; init; }

    /// <summary><c>host:port</c>, as messages name the server.</summary>
    public string Endpoint => Server + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() =>
        $"{DirectoryName} {(UseSsl ? "ldaps" : "ldap")}://{Endpoint} as {BindUser} (base {SearchBase})";
}
