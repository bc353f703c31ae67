namespace LsatsHub.Benchmarks;

/// <summary>
/// Where a tier-1 table's rows come from in bronze, for the bare insert the issue measures a step against: the
/// <c>source_system</c>/<c>entity_type</c> the step reads, and the JSON keys of the output columns whose name does not
/// say their key (every other column is fed by the bronze key with the same letters, case, <c>_</c> and <c>-</c>
/// ignored: <c>first_name</c> ← <c>FirstName</c>, <c>sam_account_name</c> ← <c>sAMAccountName</c>).
/// </summary>
/// <param name="SourceSystem">bronze <c>source_system</c>.</param>
/// <param name="EntityType">bronze <c>entity_type</c>.</param>
/// <param name="Keys">Column → JSON key, where the names differ.</param>
public sealed record BronzeExtraction(string SourceSystem, string EntityType, IReadOnlyDictionary<string, string> Keys)
{
    /// <summary>The 13 tier-1 tables (the step's output), with the keys their SQL reads under another name.</summary>
    public static readonly IReadOnlyDictionary<string, BronzeExtraction> ByTable = new Dictionary<string, BronzeExtraction>(StringComparer.Ordinal)
    {
        ["silver.tdx_users"] = new("tdx", "user", Map(("tdx_user_uid", "UID"), ("uniqname", "AlternateID"))),
        ["silver.tdx_departments"] = new("tdx", "department", Map(("tdx_id", "ID"), ("dept_id", "Code"), ("department_name", "Name"), ("dept_notes", "Notes"), ("tdx_created_date", "CreatedDate"), ("tdx_modified_date", "ModifiedDate"))),
        ["silver.tdx_assets"] = new("tdx", "asset", Map(("tdx_asset_id", "ID"))),
        ["silver.umapi_employees"] = new("umich_api", "user", Map(("full_name", "Name"), ("work_postal_code", "Work_Postal"), ("work_address_line1", "Work_Address1"), ("work_address_line2", "Work_Address2"))),
        ["silver.umapi_departments"] = new("umich_api", "department", Map(("dept_id", "DeptId"), ("department_name", "DeptDescription"))),
        ["silver.ad_users"] = new("active_directory", "user", Map(
            ("ad_user_guid", "objectGUID"), ("uniqname", "uid"), ("first_name", "givenName"), ("last_name", "sn"), ("primary_email", "mail"),
            ("full_name", "displayName"), ("ad_cn", "cn"), ("ad_name", "name"), ("ad_object_sid", "objectSid"), ("ldap_uid_number", "uidNumber"),
            ("ldap_gid_number", "gidNumber"), ("mobile_phone", "mobile"), ("job_title", "title"), ("department_name", "department"), ("work_phone", "telephoneNumber"))),
        ["silver.ad_groups"] = new("active_directory", "group", Map(("ad_group_guid", "objectGUID"), ("group_name", "cn"), ("group_email", "mail"), ("members", "member"))),
        ["silver.ad_computers"] = new("active_directory", "computer", Map(("computer_name", "cn"), ("dns_hostname", "dNSHostName"))),
        ["silver.ad_organizational_units"] = new("active_directory", "organizational_unit", Map(("ou_name", "ou"))),
        ["silver.mcommunity_users"] = new("mcommunity_ldap", "user", Map(
            ("uniqname", "uid"), ("first_name", "givenName"), ("last_name", "sn"), ("primary_email", "mail"), ("work_phone", "telephoneNumber"),
            ("full_name", "displayName"), ("job_title", "umichTitle"))),
        ["silver.mcommunity_groups"] = new("mcommunity_ldap", "group", Map(
            ("mcommunity_group_uid", "entryUUID"), ("group_email", "mail"), ("group_name", "cn"), ("owners", "owner"), ("members", "member"),
            ("direct_members", "umichDirectMember"), ("nested_members", "umichDirectGroupMember"), ("aliases", "cn"))),
        ["silver.keyconfigure_computers"] = new("key_client", "computer", Map(
            ("computer_name", "Name"), ("oem_serial_number", "OEM SN"), ("primary_mac_address", "MAC"), ("cpu_cores", "# of cores"), ("cpu_sockets", "Sockets"),
            ("ram_mb", "RAM"), ("disk_gb", "Disk"), ("disk_free_gb", "Free"), ("os_version", "OS vers"), ("os_serial_number", "OS SN"), ("login_type", "Login"),
            ("keyconfigure_client_version", "Client"))),
        ["silver.lab_awards"] = new("lab_awards", "lab_award", Map(
            ("project_grant_id", "Project/Grant"), ("award_start_date", "Award Project Start Date"), ("award_end_date", "Award Project End Date"),
            ("pre_nce_end_date", "Pre NCE Project End Date"), ("prime_sponsor_reference", "Prime Sponsor Award Reference Number"),
            ("direct_sponsor_reference", "Direct Sponsor Award Reference Number\n(Current Budget Period)"))),
    };

    /// <summary>The comparable form of a column or key name: lower-case letters and digits only.</summary>
    public static string Normalize(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    private static Dictionary<string, string> Map(params (string Column, string Key)[] pairs) =>
        pairs.ToDictionary(pair => pair.Column, pair => pair.Key, StringComparer.Ordinal);
}
