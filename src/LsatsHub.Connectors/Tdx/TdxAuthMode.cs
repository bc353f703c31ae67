namespace LsatsHub.Connectors.Tdx;

/// <summary>How the connector obtains its bearer token, in the priority order of docs/configuration.md.</summary>
public enum TdxAuthMode
{
    /// <summary><c>TDX_BEID</c> + <c>TDX_WEB_SERVICES_KEY</c> via <c>POST auth/loginadmin</c>; refreshed by logging in again.</summary>
    AdminServiceAccount,

    /// <summary><c>TDX_USERNAME</c> + <c>TDX_PASSWORD</c> via <c>POST auth</c>; refreshed by logging in again.</summary>
    UserPassword,

    /// <summary><c>TDX_API_TOKEN</c> used as given; it cannot be refreshed.</summary>
    StaticToken,
}
