using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// <see cref="ILdapConnector"/> over System.DirectoryServices.Protocols (libldap on Linux). TLS trust comes from
/// <see cref="LdapSettings.CaDirectory"/> (TrustedCertificatesDirectory + a new TLS context, without which libldap ignores
/// the folder) or from libldap's own defaults such as <c>LDAPTLS_CACERT</c> in the process environment. On Windows the
/// CA folder is not supported (the system store decides).
/// </summary>
public sealed class LdapConnector : ILdapConnector
{
    /// <inheritdoc />
    public async Task<LdapSession> ConnectAsync(LdapSettings settings, LdapConversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(conversion);
        LdapConnection connection;
        try
        {
            connection = NewConnection(settings);
        }
        catch (LdapException exception)
        {
            throw await TranslateAsync(settings, exception, cancellationToken).ConfigureAwait(false);
        }

        Task<bool>? bind = null;
        try
        {
            bind = LdapBlockingCall.Start(() =>
            {
                connection.Bind();
                return true;
            });
            await bind.WaitAsync(settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            return new LdapSession(connection, settings, new LdapEntryConverter(conversion));
        }
        catch (LdapException exception) when (exception.ErrorCode == LdapErrorCodes.ClientSideTimeout)
        {
            // libldap's limit and the wait above are the same length; whichever fires first, it is one hang.
            connection.Dispose();
            throw DidNotComplete(settings, exception);
        }
        catch (LdapException exception)
        {
            connection.Dispose();
            throw await TranslateAsync(settings, exception, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception) when (bind is { IsCompleted: false })
        {
            LdapBlockingCall.DisposeAfter(bind, connection);
            throw DidNotComplete(settings, exception);
        }
        catch
        {
            // Cancelled while the bind still runs: the connection is freed when libldap lets go of it.
            LdapBlockingCall.DisposeAfter(bind, connection);
            throw;
        }
    }

    /// <summary>
    /// A connection to <paramref name="settings"/>' server configured as the connector binds it (basic auth, protocol 3,
    /// no referral chasing, LDAPS trusting <see cref="LdapSettings.CaDirectory"/>), not yet bound; disposed if configuring fails.
    /// </summary>
    internal static LdapConnection NewConnection(LdapSettings settings)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(settings.Server, settings.Port))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential(settings.BindUser, settings.Password),
            // libldap's own limit for the bind; searches pass the search timeout per request.
            Timeout = settings.ConnectTimeout,
            AutoBind = false,
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (settings.UseSsl)
            {
                connection.SessionOptions.SecureSocketLayer = true;
                if (settings.CaDirectory is not null && !OperatingSystem.IsWindows())
                {
                    connection.SessionOptions.TrustedCertificatesDirectory = settings.CaDirectory;
                    connection.SessionOptions.StartNewTlsSessionContext();
                }
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static ConnectorException DidNotComplete(LdapSettings settings, Exception cause) => new(
        $"{settings.DirectoryName} LDAP server {settings.Endpoint} did not complete the connection and bind within "
        + $"{settings.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({settings.ConnectTimeoutVariable}); "
        + "it may accept connections and never answer (a hung server, or a firewall dropping the traffic).",
        cause);

    private static async Task<ConnectorException> TranslateAsync(LdapSettings settings, LdapException exception, CancellationToken cancellationToken)
    {
        var where = $"{settings.DirectoryName} LDAP server {settings.Endpoint}";
        if (exception.ErrorCode == LdapErrorCodes.InvalidCredentials)
        {
            return new ConnectorException(
                $"{where} refused the bind as '{settings.BindUser}': invalid credentials (check {settings.PasswordVariable}).", exception);
        }

        if (exception.ErrorCode is LdapErrorCodes.ServerDown or LdapErrorCodes.ConnectError)
        {
            // libldap reports a refused certificate exactly like a dead server; a TCP probe tells them apart.
            if (settings.UseSsl && await AcceptsTcpAsync(settings, cancellationToken).ConfigureAwait(false))
            {
                var trust = settings.CaDirectory is null
                    ? $"set {LdapConfiguration.CaDirectoryVariable} to a folder holding the server's CA certificate (run 'openssl rehash' on it) or LDAPTLS_CACERT to its PEM file"
                    : $"the CA folder {settings.CaDirectory} ({LdapConfiguration.CaDirectoryVariable}) does not hold a CA that signed the server's certificate, or was not prepared with 'openssl rehash'";
                return new ConnectorException(
                    $"{where} accepts connections but the LDAPS (TLS) handshake failed: its certificate is not trusted or does not match the host name; {trust}.",
                    exception);
            }

            return new ConnectorException($"{where} is unreachable ({exception.Message}); is it running and is {settings.Endpoint} correct?", exception);
        }

        return new ConnectorException($"{where}: connecting or binding as '{settings.BindUser}' failed: {exception.Message} (LDAP error {exception.ErrorCode}).", exception);
    }

    private static async Task<bool> AcceptsTcpAsync(LdapSettings settings, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(settings.Server, settings.Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
