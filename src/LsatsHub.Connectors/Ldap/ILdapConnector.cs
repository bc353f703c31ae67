namespace LsatsHub.Connectors.Ldap;

/// <summary>Opens bound LDAP sessions. A step opens one session and runs all its searches on it.</summary>
public interface ILdapConnector
{
    /// <summary>Connects and binds (simple bind), over LDAPS when the settings say so.</summary>
    /// <param name="settings">Server, credentials, TLS trust.</param>
    /// <param name="conversion">How attribute values are converted.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The bound session; dispose it to unbind.</returns>
    /// <exception cref="ConnectorException">The server is down, the TLS certificate is not trusted, or the bind was refused.</exception>
    Task<LdapSession> ConnectAsync(LdapSettings settings, LdapConversion conversion, CancellationToken cancellationToken);
}
