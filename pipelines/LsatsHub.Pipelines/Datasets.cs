using LsatsHub.Engine;

namespace LsatsHub.Pipelines;

/// <summary>Every dataset of the LSATS pipelines, declared once so that a typo is a compile error.</summary>
public static class Datasets
{
    /// <summary>The source systems: outside the pipeline, read by bronze steps.</summary>
    public static class Sources
    {
        /// <summary>TeamDynamix Web API.</summary>
        public static readonly DatasetId Tdx = new("source.tdx");

        /// <summary>Active Directory (LDAPS).</summary>
        public static readonly DatasetId ActiveDirectory = new("source.ad");

        /// <summary>MCommunity directory (LDAPS).</summary>
        public static readonly DatasetId MCommunity = new("source.mcommunity");

        /// <summary>UMich API gateway (OAuth2).</summary>
        public static readonly DatasetId UmApi = new("source.umapi");

        /// <summary>Document drops in the data folder (CSV, XLSX).</summary>
        public static readonly DatasetId Documents = new("source.documents");
    }

    /// <summary>Bronze datasets: one source/entity slice of bronze.raw_entities each.</summary>
    public static class Bronze
    {
        /// <summary>U1: UMich API departments.</summary>
        public static readonly DatasetId UmApiDepartments = new("bronze.umapi.departments");

        /// <summary>U2: UMich API employment records.</summary>
        public static readonly DatasetId UmApiEmployees = new("bronze.umapi.employees");

        /// <summary>T1: TDX accounts (departments).</summary>
        public static readonly DatasetId TdxDepartments = new("bronze.tdx.departments");

        /// <summary>T2: TDX people.</summary>
        public static readonly DatasetId TdxUsers = new("bronze.tdx.users");

        /// <summary>T3: TDX assets.</summary>
        public static readonly DatasetId TdxAssets = new("bronze.tdx.assets");

        /// <summary>T4: TDX departments with details.</summary>
        public static readonly DatasetId TdxDepartmentsEnriched = new("bronze.tdx.departments.enriched");

        /// <summary>T5: TDX users with details.</summary>
        public static readonly DatasetId TdxUsersEnriched = new("bronze.tdx.users.enriched");

        /// <summary>T6: TDX assets with details.</summary>
        public static readonly DatasetId TdxAssetsEnriched = new("bronze.tdx.assets.enriched");

        /// <summary>A1: AD users.</summary>
        public static readonly DatasetId AdUsers = new("bronze.ad.users");

        /// <summary>A2: AD groups.</summary>
        public static readonly DatasetId AdGroups = new("bronze.ad.groups");

        /// <summary>A3: AD organizational units.</summary>
        public static readonly DatasetId AdOrganizationalUnits = new("bronze.ad.ous");

        /// <summary>A4: AD computers.</summary>
        public static readonly DatasetId AdComputers = new("bronze.ad.computers");

        /// <summary>M1: MCommunity groups.</summary>
        public static readonly DatasetId MCommunityGroups = new("bronze.mcommunity.groups");

        /// <summary>M2: MCommunity people.</summary>
        public static readonly DatasetId MCommunityUsers = new("bronze.mcommunity.users");

        /// <summary>D1: lab awards CSV.</summary>
        public static readonly DatasetId LabAwards = new("bronze.documents.lab_awards");

        /// <summary>D2: KeyConfigure computers XLSX.</summary>
        public static readonly DatasetId KeyConfigureComputers = new("bronze.documents.keyconfigure_computers");
    }

    /// <summary>Silver datasets: one table each (<c>silver.&lt;table&gt;</c>), the tables sql/production_schema.sql creates.</summary>
    public static class Silver
    {
        /// <summary>Tier 1: TDX people.</summary>
        public static readonly DatasetId TdxUsers = new("silver.tdx_users");

        /// <summary>Tier 1: TDX accounts (departments).</summary>
        public static readonly DatasetId TdxDepartments = new("silver.tdx_departments");

        /// <summary>Tier 1: TDX assets.</summary>
        public static readonly DatasetId TdxAssets = new("silver.tdx_assets");

        /// <summary>Tier 1: UMich API employment records, one per (EmplId, EmplRcd).</summary>
        public static readonly DatasetId UmApiEmployees = new("silver.umapi_employees");

        /// <summary>Tier 1: UMich API departments.</summary>
        public static readonly DatasetId UmApiDepartments = new("silver.umapi_departments");

        /// <summary>Tier 1: AD users.</summary>
        public static readonly DatasetId AdUsers = new("silver.ad_users");

        /// <summary>Tier 1: AD groups.</summary>
        public static readonly DatasetId AdGroups = new("silver.ad_groups");

        /// <summary>Tier 1: AD computers.</summary>
        public static readonly DatasetId AdComputers = new("silver.ad_computers");

        /// <summary>Tier 1: AD organizational units.</summary>
        public static readonly DatasetId AdOrganizationalUnits = new("silver.ad_organizational_units");

        /// <summary>Tier 1: MCommunity people.</summary>
        public static readonly DatasetId MCommunityUsers = new("silver.mcommunity_users");

        /// <summary>Tier 1: MCommunity groups.</summary>
        public static readonly DatasetId MCommunityGroups = new("silver.mcommunity_groups");

        /// <summary>Tier 1: KeyConfigure computers (NIC rows consolidated).</summary>
        public static readonly DatasetId KeyConfigureComputers = new("silver.keyconfigure_computers");

        /// <summary>Tier 1: research awards, one row per (award, person, role).</summary>
        public static readonly DatasetId LabAwards = new("silver.lab_awards");

        /// <summary>Tier 2: departments consolidated from TDX and the UMich API.</summary>
        public static readonly DatasetId Departments = new("silver.departments");

        /// <summary>Tier 2: groups consolidated from AD and MCommunity.</summary>
        public static readonly DatasetId Groups = new("silver.groups");

        /// <summary>Tier 2: group memberships.</summary>
        public static readonly DatasetId GroupMembers = new("silver.group_members");

        /// <summary>Tier 2: group owners.</summary>
        public static readonly DatasetId GroupOwners = new("silver.group_owners");

        /// <summary>Tier 2: people consolidated from every source.</summary>
        public static readonly DatasetId Users = new("silver.users");

        /// <summary>Tier 2: computers consolidated from TDX, KeyConfigure and AD.</summary>
        public static readonly DatasetId Computers = new("silver.computers");

        /// <summary>Tier 2: computers' AD group memberships.</summary>
        public static readonly DatasetId ComputerGroups = new("silver.computer_groups");

        /// <summary>Tier 2: computer attributes (no producer in the original).</summary>
        public static readonly DatasetId ComputerAttributes = new("silver.computer_attributes");

        /// <summary>Tier 3 helper: labs seen from TDX, per PI.</summary>
        public static readonly DatasetId TdxLabs = new("silver.tdx_labs");

        /// <summary>Tier 3 helper: labs seen from awards, per PI.</summary>
        public static readonly DatasetId AwardLabs = new("silver.award_labs");

        /// <summary>Tier 3 helper: labs seen from AD OUs, per PI.</summary>
        public static readonly DatasetId AdLabs = new("silver.ad_labs");

        /// <summary>Tier 3: labs, one per PI.</summary>
        public static readonly DatasetId Labs = new("silver.labs");

        /// <summary>Tier 3: lab members.</summary>
        public static readonly DatasetId LabMembers = new("silver.lab_members");

        /// <summary>Tier 3: computers of labs.</summary>
        public static readonly DatasetId LabComputers = new("silver.lab_computers");

        /// <summary>Tier 3: lab managers.</summary>
        public static readonly DatasetId LabManagers = new("silver.lab_managers");

        /// <summary>
        /// Tier 3: each lab's counts of members, PIs, investigators, associated computers and managers. Its own table, not
        /// columns of silver.labs: the counts read lab_members and lab_computers, which need labs first (FK), so counting
        /// inside silver.labs would make a cycle or lag one run behind.
        /// </summary>
        public static readonly DatasetId LabStatistics = new("silver.lab_statistics");

        /// <summary>
        /// Tier 3: each associated computer's primary lab. Its own table, not columns of silver.computers: it is derived
        /// from lab_computers, which reads computers, so writing it into computers would give that table two producers.
        /// </summary>
        public static readonly DatasetId ComputerPrimaryLabs = new("silver.computer_primary_labs");
    }

    /// <summary>What the pipeline writes to TDX (docs/tdx-sync.md): the <c>tdx</c> layer, downstream of silver.</summary>
    public static class TdxSync
    {
        /// <summary>One TDX configuration item per monitored lab, its id written back to silver.labs.tdx_ci_id.</summary>
        public static readonly DatasetId LabCis = new("tdx.lab_cis");

        /// <summary>"Located in" relationships from each lab CI to its computers' CIs.</summary>
        public static readonly DatasetId LabCiRelationships = new("tdx.lab_ci_relationships");

        /// <summary>Each lab CI linked to the tickets of its members and of its computers.</summary>
        public static readonly DatasetId LabTickets = new("tdx.lab_tickets");
    }
}
