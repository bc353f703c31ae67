namespace LsatsHub.Simulator.World;

/// <summary>Fixed DNs of the simulated Active Directory and MCommunity trees (docs/configuration.md search bases).</summary>
public static class AdLayout
{
    /// <summary>The AD domain.</summary>
    public const string Domain = "DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>Domain SID prefix of every objectSid.</summary>
    public const string DomainSid = "S-1-5-21-1111111111-2222222222-3333333333";

    /// <summary>A1 search base.</summary>
    public const string Umich = "OU=UMICH," + Domain;

    /// <summary>Where user accounts live.</summary>
    public const string People = "OU=People,OU=Accounts," + Umich;

    /// <summary>Where service accounts (the simulator's bind accounts) live.</summary>
    public const string ServiceAccounts = "OU=Service Accounts,OU=Accounts," + Umich;

    /// <summary>A4 search base.</summary>
    public const string Lsa = "OU=LSA,OU=Organizations," + Umich;

    /// <summary>A2 search base.</summary>
    public const string UsersAndGroups = "OU=Users and Groups," + Lsa;

    /// <summary>MCommunity groups mirrored into AD.</summary>
    public const string McommAdSync = "OU=MCommADSync," + UsersAndGroups;

    /// <summary>A3 first base.</summary>
    public const string ResearchAndInstrumentation = "OU=Research and Instrumentation," + Lsa;

    /// <summary>Current labs under R&amp;I.</summary>
    public const string ResearchCurrent = "OU=Current," + ResearchAndInstrumentation;

    /// <summary>A3 second base.</summary>
    public const string Workstations = "OU=Workstations," + Lsa;

    /// <summary>MCommunity root.</summary>
    public const string McommunityBase = "dc=umich,dc=edu";

    /// <summary>M2 base.</summary>
    public const string McommunityPeople = "ou=People," + McommunityBase;

    /// <summary>M1 base.</summary>
    public const string McommunityGroups = "ou=User Groups,ou=Groups," + McommunityBase;

    /// <summary>Where the MCommunity bind account lives.</summary>
    public const string McommunityApplications = "ou=Applications," + McommunityBase;

    /// <summary>DN of a person's AD account.</summary>
    public static string AdUserDn(string uniqname) => $"CN={uniqname},{People}";

    /// <summary>DN of a person's MCommunity entry.</summary>
    public static string McommunityPersonDn(string uniqname) => $"uid={uniqname},{McommunityPeople}";

    /// <summary>DN of an MCommunity group.</summary>
    public static string McommunityGroupDn(string name) => $"cn={name},{McommunityGroups}";

    /// <summary>A department's OU under Workstations.</summary>
    public static string DepartmentWorkstationsOu(Department department) => $"OU={department.AdOuName},OU={department.Region},{Workstations}";

    /// <summary>A department's OU under Users and Groups.</summary>
    public static string DepartmentGroupsOu(Department department) => $"OU={department.AdOuName},{UsersAndGroups}";

    /// <summary>objectSid text for a RID.</summary>
    public static string Sid(int rid) => $"{DomainSid}-{rid}";

    /// <summary>objectSid in its binary (wire) form.</summary>
    public static byte[] SidBytes(int rid)
    {
        uint[] subAuthorities = [21, 1111111111, 2222222222, 3333333333, (uint)rid];
        var bytes = new byte[8 + (4 * subAuthorities.Length)];
        bytes[0] = 1;
        bytes[1] = (byte)subAuthorities.Length;
        bytes[7] = 5;
        for (var i = 0; i < subAuthorities.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(8 + (4 * i), 4), subAuthorities[i]);
        }

        return bytes;
    }
}
