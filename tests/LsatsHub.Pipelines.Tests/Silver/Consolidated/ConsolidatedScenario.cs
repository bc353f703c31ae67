using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>What the tier-2 group and department tests share: the tier-1 tables they read, then the tier-2 steps, in DAG order.</summary>
public static class ConsolidatedScenario
{
    /// <summary>The bronze datasets the group and department tables come from.</summary>
    public static readonly DatasetId[] Bronze =
    [
        Datasets.Bronze.AdGroups, Datasets.Bronze.MCommunityGroups, Datasets.Bronze.TdxDepartments,
        Datasets.Bronze.TdxDepartmentsEnriched, Datasets.Bronze.UmApiDepartments,
    ];

    /// <summary>The tier-1 steps the tier-2 steps read, then the three tier-2 steps.</summary>
    public static async Task<IReadOnlyList<StepResult>> BuildAsync(SilverTestBed bed, TestDatabase? database = null, bool fullRefresh = false)
    {
        ArgumentNullException.ThrowIfNull(bed);
        await BuildTierOneAsync(bed, database);
        return await BuildTierTwoAsync(bed, database, fullRefresh);
    }

    /// <summary>silver.tdx_departments, umapi_departments, ad_groups, mcommunity_groups (incrementally).</summary>
    public static async Task BuildTierOneAsync(SilverTestBed bed, TestDatabase? database = null)
    {
        ArgumentNullException.ThrowIfNull(bed);
        await bed.RunAsync(bed.Step<BuildTdxDepartments>(), database);
        await bed.RunAsync(bed.Step<BuildUmApiDepartments>(), database);
        await bed.RunAsync(bed.Step<BuildAdGroups>(), database);
        await bed.RunAsync(bed.Step<BuildMCommunityGroups>(), database);
    }

    /// <summary>departments, groups, group_members + group_owners; their results in that order.</summary>
    public static async Task<IReadOnlyList<StepResult>> BuildTierTwoAsync(SilverTestBed bed, TestDatabase? database = null, bool fullRefresh = false)
    {
        ArgumentNullException.ThrowIfNull(bed);
        return
        [
            await bed.RunAsync(bed.Step<BuildDepartments>(), database, fullRefresh: fullRefresh),
            await bed.RunAsync(bed.Step<BuildGroups>(), database, fullRefresh: fullRefresh),
            await bed.RunAsync(bed.Step<BuildGroupMemberships>(), database, fullRefresh: fullRefresh),
        ];
    }

    /// <summary>group_members as group_id|type|member|source_system|is_direct.</summary>
    public static async Task<HashSet<string>> MembersAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT concat_ws('|', group_id, member_type, coalesce(member_uniqname, member_group_id), source_system, is_direct_member::text) FROM silver.group_members"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>group_owners as group_id|type|owner|source_system.</summary>
    public static async Task<HashSet<string>> OwnersAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT concat_ws('|', group_id, owner_type, coalesce(owner_uniqname, owner_group_id), source_system) FROM silver.group_owners"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A digest of each tier-2 table this scenario builds, every column included except the audit times and run id.</summary>
    public static async Task<string> FingerprintAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var parts = new List<string>();
        foreach (var (table, volatileColumns) in Tables)
        {
            parts.Add(table + "=" + await SilverTable.FingerprintAsync(database, table, volatileColumns));
        }

        return string.Join(" ", parts);
    }

    /// <summary>Every column of each table, audit times included: equal before and after means nothing was written.</summary>
    public static async Task<string> ExactAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var parts = new List<string>();
        foreach (var (table, _) in Tables)
        {
            parts.Add(table + "=" + await SilverTable.ExactAsync(database, table));
        }

        return string.Join(" ", parts);
    }

    // silver_id is a random surrogate (departments); memberships' ids are derived from their key, so they are compared.
    private static readonly (string Table, string[] Volatile)[] Tables =
    [
        ("silver.departments", ["silver_id"]), ("silver.groups", []), ("silver.group_members", []), ("silver.group_owners", []),
    ];
}
