namespace LsatsHub.Warehouse;

/// <summary>
/// The names the warehouse baseline (sql/) creates, in one place for validation and tests.
/// The deployment plan's prose says 29 silver tables; its own lists name 28 (docs/silver-model.md). Three more break the
/// lab cycles and hold the excluded-department list: lab_statistics, computer_primary_labs, lab_excluded_departments.
/// </summary>
public static class CanonicalSchema
{
    /// <summary>The four warehouse schemas.</summary>
    public static IReadOnlyList<string> Schemas { get; } = ["bronze", "silver", "gold", "meta"];

    /// <summary>The 31 canonical silver base tables (the plan's 28 and the three lab tables), sorted.</summary>
    public static IReadOnlyList<string> SilverTables { get; } =
    [
        "ad_computers",
        "ad_groups",
        "ad_labs",
        "ad_organizational_units",
        "ad_users",
        "award_labs",
        "computer_attributes",
        "computer_groups",
        "computer_primary_labs",
        "computers",
        "departments",
        "group_members",
        "group_owners",
        "groups",
        "keyconfigure_computers",
        "lab_awards",
        "lab_computers",
        "lab_excluded_departments",
        "lab_managers",
        "lab_members",
        "lab_statistics",
        "labs",
        "mcommunity_groups",
        "mcommunity_users",
        "tdx_assets",
        "tdx_departments",
        "tdx_labs",
        "tdx_users",
        "umapi_departments",
        "umapi_employees",
        "users",
    ];

    /// <summary>The 19 silver views of sql/views/silver_views.sql, sorted.</summary>
    public static IReadOnlyList<string> SilverViews { get; } =
    [
        "group_summary",
        "synced_groups",
        "user_group_memberships",
        "v_department_labs",
        "v_eligible_lab_members",
        "v_lab_active_awards",
        "v_lab_computers_tdx_reference",
        "v_lab_groups",
        "v_lab_locations_detailed",
        "v_lab_locations_tdx_reference",
        "v_lab_managers_detailed",
        "v_lab_managers_tdx_reference",
        "v_lab_members_all_tdx_reference",
        "v_lab_members_detailed",
        "v_lab_purchase_shortcodes",
        "v_lab_summary",
        "v_labs_monitored",
        "v_labs_refined",
        "v_legitimate_labs",
    ];

    /// <summary>The meta views production_init.sql creates (other meta views may exist besides them).</summary>
    public static IReadOnlyList<string> MetaViews { get; } =
    [
        "current_ingestion_status",
        "daemon_activity_summary",
        "daemon_recent_activity",
    ];

    /// <summary>
    /// Case-insensitive POSIX pattern for the names of migration-era artifacts (users_legacy,
    /// keyconfigure_computers_backup, ...) that must not exist in a clean warehouse.
    /// </summary>
    public const string ArtifactNamePattern = "legacy|backup";
}
