using LsatsHub.Engine.Graph;

namespace LsatsHub.Engine.Tests.Support;

/// <summary>
/// A graph shaped like the product's (docs/silver-model.md, trimmed): bronze ingests per source,
/// TDX enrichment chained after its ingests, silver tier-1 source-specific tables, consolidated
/// tables and composite lab tables. Step names equal their main output. Shared by the selection,
/// plan and DOT tests, so changing it means re-checking their expectations and golden files.
/// </summary>
public static class SampleGraph
{
    public static PipelineGraph Build() => Builder().Build();

    public static TestGraphBuilder Builder() => new TestGraphBuilder()
        .External("source.umapi", "UMich API (departments, employees)")
        .External("source.tdx", "TeamDynamix web API")
        .External("source.ad", "Active Directory over LDAPS")
        .External("source.mcommunity", "MCommunity LDAP")
        .External("source.documents", "document drops in the data folder")

        // Bronze ingests.
        .Step("bronze.umapi.departments", reads: ["source.umapi"], source: "umapi", resources: ["umich-api"])
        .Step("bronze.umapi.employees", reads: ["source.umapi"], source: "umapi", resources: ["umich-api"])
        .Step("bronze.tdx.departments", reads: ["source.tdx"], source: "tdx", resources: ["tdx-api"])
        .Step("bronze.tdx.users", reads: ["source.tdx", "bronze.tdx.departments"], source: "tdx", resources: ["tdx-api"])
        .Step("bronze.tdx.assets", reads: ["source.tdx", "bronze.tdx.users"], source: "tdx", resources: ["tdx-api"])
        .Step("bronze.tdx.enrich_departments", reads: ["source.tdx", "bronze.tdx.departments"], writes: ["bronze.tdx.departments_enriched"], source: "tdx", tags: ["enrich"], resources: ["tdx-api"])
        .Step("bronze.tdx.enrich_users", reads: ["source.tdx", "bronze.tdx.users"], writes: ["bronze.tdx.users_enriched"], source: "tdx", tags: ["enrich"], resources: ["tdx-api"])
        .Step("bronze.tdx.enrich_assets", reads: ["source.tdx", "bronze.tdx.assets"], writes: ["bronze.tdx.assets_enriched"], source: "tdx", tags: ["enrich"], resources: ["tdx-api"])
        .Step("bronze.ad.users", reads: ["source.ad"], source: "ad", resources: ["ldap-ad"])
        .Step("bronze.ad.groups", reads: ["source.ad"], source: "ad", resources: ["ldap-ad"])
        .Step("bronze.ad.ous", reads: ["source.ad"], source: "ad", resources: ["ldap-ad"])
        .Step("bronze.ad.computers", reads: ["source.ad"], source: "ad", resources: ["ldap-ad"])
        .Step("bronze.mcommunity.users", reads: ["source.mcommunity"], source: "mcommunity", resources: ["ldap-mcommunity"])
        .Step("bronze.mcommunity.groups", reads: ["source.mcommunity"], source: "mcommunity", resources: ["ldap-mcommunity"])
        .Step("bronze.documents.lab_awards", reads: ["source.documents"], source: "documents")
        .Step("bronze.documents.keyconfigure", reads: ["source.documents"], source: "documents")

        // Silver tier 1: one source each.
        .Step("silver.tdx_departments", reads: ["bronze.tdx.departments_enriched"], source: "tdx", tags: ["tier1"])
        .Step("silver.tdx_users", reads: ["bronze.tdx.users_enriched"], source: "tdx", tags: ["tier1"])
        .Step("silver.tdx_assets", reads: ["bronze.tdx.assets_enriched"], source: "tdx", tags: ["tier1"])
        .Step("silver.umapi_departments", reads: ["bronze.umapi.departments"], source: "umapi", tags: ["tier1"])
        .Step("silver.umapi_employees", reads: ["bronze.umapi.employees"], source: "umapi", tags: ["tier1"])
        .Step("silver.ad_users", reads: ["bronze.ad.users"], source: "ad", tags: ["tier1"])
        .Step("silver.ad_groups", reads: ["bronze.ad.groups"], source: "ad", tags: ["tier1"])
        .Step("silver.ad_organizational_units", reads: ["bronze.ad.ous"], source: "ad", tags: ["tier1"])
        .Step("silver.ad_computers", reads: ["bronze.ad.computers"], source: "ad", tags: ["tier1"])
        .Step("silver.mcommunity_users", reads: ["bronze.mcommunity.users"], source: "mcommunity", tags: ["tier1"])
        .Step("silver.mcommunity_groups", reads: ["bronze.mcommunity.groups"], source: "mcommunity", tags: ["tier1"])
        .Step("silver.lab_awards", reads: ["bronze.documents.lab_awards"], source: "documents", tags: ["tier1"])
        .Step("silver.keyconfigure_computers", reads: ["bronze.documents.keyconfigure"], source: "documents", tags: ["tier1"])

        // Silver consolidated: across sources.
        .Step("silver.departments", reads: ["silver.tdx_departments", "silver.umapi_departments"], tags: ["consolidated"])
        .Step("silver.groups", reads: ["silver.ad_groups", "silver.mcommunity_groups"], writes: ["silver.groups", "silver.group_members", "silver.group_owners"], tags: ["consolidated"])
        .Step(
            "silver.users",
            reads: ["silver.tdx_users", "silver.ad_users", "silver.umapi_employees", "silver.mcommunity_users", "silver.lab_awards", "silver.ad_organizational_units", "bronze.tdx.departments"],
            tags: ["consolidated"],
            description: "One row per person across TDX, AD, UMich API and MCommunity")
        .Step("silver.computers", reads: ["silver.tdx_assets", "silver.keyconfigure_computers", "silver.ad_computers", "silver.users", "silver.departments", "silver.groups"], tags: ["consolidated"])

        // Silver composite: labs.
        .Step("silver.labs", reads: ["silver.users", "silver.departments", "silver.ad_organizational_units", "silver.lab_awards"], tags: ["composite"])
        .Step("silver.lab_members", reads: ["silver.users", "silver.group_members", "silver.group_owners", "silver.labs"], tags: ["composite"])
        .Step("silver.lab_computers", reads: ["silver.labs", "silver.computers", "silver.lab_members"], tags: ["composite"])
        .Step("silver.lab_managers", reads: ["silver.labs", "silver.departments", "silver.lab_members", "silver.users"], tags: ["composite"]);
}
