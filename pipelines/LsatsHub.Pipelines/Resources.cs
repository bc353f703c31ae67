using LsatsHub.Engine;

namespace LsatsHub.Pipelines;

/// <summary>
/// The shared resources LSATS steps hold, declared once; <c>LSATS_RESOURCE_LIMITS</c> (e.g. <c>tdx-api=1,ldap-ad=2</c>)
/// names them to limit how many steps hold each at once.
/// </summary>
public static class Resources
{
    /// <summary>The TeamDynamix Web API and its rate limit.</summary>
    public static readonly ResourceName TdxApi = new("tdx-api");

    /// <summary>The Active Directory LDAP server.</summary>
    public static readonly ResourceName LdapAd = new("ldap-ad");

    /// <summary>The MCommunity LDAP server.</summary>
    public static readonly ResourceName LdapMCommunity = new("ldap-mcommunity");

    /// <summary>The UMich API gateway.</summary>
    public static readonly ResourceName UmApi = new("umapi");
}
