namespace LsatsHub.Connectors.Ldap;

/// <summary>The <see cref="System.DirectoryServices.Protocols.LdapException.ErrorCode"/> values the connector tells apart.</summary>
internal static class LdapErrorCodes
{
    public const int InvalidCredentials = 49;

    public const int ServerDown = 81;

    /// <summary>libldap's own time limit on a request ran out before the server answered.</summary>
    public const int ClientSideTimeout = 85;

    public const int ConnectError = 91;
}
