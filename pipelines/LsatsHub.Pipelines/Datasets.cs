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

    /// <summary>Silver datasets: one table each.</summary>
    public static class Silver
    {
    }
}
