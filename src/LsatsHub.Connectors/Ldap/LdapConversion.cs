namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Which attributes carry which syntax, so values are turned into the forms of docs/sources.md (Active Directory value forms) without reading the server's
/// schema (one request fewer per connection, and AD and slapd publish their schemas differently). Names compare
/// case-insensitively, as LDAP attribute names do. Anything not listed is UTF-8 text, or base64 when it is not text.
/// </summary>
public sealed record LdapConversion
{
    /// <summary>Active Directory: every value text (integers stay strings, as the seed normalised them).</summary>
    public static LdapConversion ActiveDirectory { get; } = new();

    /// <summary>
    /// MCommunity: as AD, but uidNumber and gidNumber are JSON numbers (the seed stored ldap3's ints) and several values
    /// stay in the server's order (the seed stored them un-normalised, and silver takes the first <c>cn</c> of a group
    /// as its name and the first <c>sn</c> of a person as the last name).
    /// </summary>
    public static LdapConversion Mcommunity { get; } = new() { IntegerAttributes = Set("uidNumber", "gidNumber"), SortValues = false };

    /// <summary>
    /// True: an attribute's several values are sorted (ordinal, by their JSON text), so a server that returns the same
    /// values in another order is not a content change (AD, as the seed normalised it). False: the server's order is
    /// kept, for sources whose consumers read "the first value".
    /// </summary>
    public bool SortValues { get; init; } = true;

    /// <summary>16-byte GUIDs shown as <c>{…}</c>.</summary>
    public IReadOnlySet<string> GuidAttributes { get; init; } = Set("objectGUID", "msExchMailboxGuid", "mS-DS-ConsistencyGuid");

    /// <summary>Binary SIDs shown as <c>S-1-…</c>.</summary>
    public IReadOnlySet<string> SidAttributes { get; init; } = Set("objectSid", "sIDHistory", "securityIdentifier");

    /// <summary>AD Int64 FILETIME times shown as ISO-8601 UTC.</summary>
    public IReadOnlySet<string> FileTimeAttributes { get; init; } = Set(
        "accountExpires", "badPasswordTime", "lastLogoff", "lastLogon", "lastLogonTimestamp", "lockoutTime", "pwdLastSet",
        "msDS-UserPasswordExpiryTimeComputed");

    /// <summary>GeneralizedTime attributes shown as ISO-8601 UTC.</summary>
    public IReadOnlySet<string> GeneralizedTimeAttributes { get; init; } = Set(
        "whenCreated", "whenChanged", "dSCorePropagationData", "createTimestamp", "modifyTimestamp",
        "umichExpiryTimestamp", "umichAutoReplyStart", "umichAutoReplyEnd", "umichDisabledTimestamp");

    /// <summary>Always binary (base64 even when the bytes happen to be valid text).</summary>
    public IReadOnlySet<string> BinaryAttributes { get; init; } = Set(
        "userCertificate", "cACertificate", "thumbnailPhoto", "jpegPhoto", "logonHours", "msExchSafeSendersHash", "userSMIMECertificate");

    /// <summary>Integer attributes stored as JSON numbers rather than text.</summary>
    public IReadOnlySet<string> IntegerAttributes { get; init; } = Set();

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);
}
