namespace LsatsHub.Connectors.Ldap;

/// <summary>How <see cref="LdapEntryConverter"/> turns an attribute's values into bronze values (per <see cref="LdapConversion"/>).</summary>
internal enum ValueKind
{
    /// <summary>UTF-8 text, or base64 when it is not text.</summary>
    Text,

    /// <summary>A 16-byte GUID shown as <c>{…}</c>.</summary>
    Guid,

    /// <summary>A binary SID shown as <c>S-1-…</c>.</summary>
    Sid,

    /// <summary>Always base64.</summary>
    Binary,

    /// <summary>An AD Int64 FILETIME shown as ISO-8601 UTC.</summary>
    FileTime,

    /// <summary>A GeneralizedTime shown as ISO-8601 UTC.</summary>
    GeneralizedTime,

    /// <summary>A JSON number when it parses as one.</summary>
    Integer,
}
