using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.Documents;
using LsatsHub.Pipelines.Bronze.MCommunity;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Pipelines.Bronze.UmApi;

namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>
/// The <c>bronze.raw_entities</c> slice (source_system, entity_type) behind each bronze dataset, taken from the
/// bronze steps' own <see cref="BronzeEntity"/> definitions. An enriched dataset writes new versions into its base
/// slice, so it shares that slice. The change stamps of a silver step's bronze inputs are taken per slice.
/// </summary>
internal static class BronzeSlices
{
    private static readonly Dictionary<string, BronzeEntity> ByDataset = new(StringComparer.Ordinal)
    {
        [Datasets.Bronze.UmApiDepartments.Name] = IngestUmApiDepartments.Entity,
        [Datasets.Bronze.UmApiEmployees.Name] = IngestUmApiEmployees.Entity,
        [Datasets.Bronze.TdxDepartments.Name] = TdxEntities.Departments,
        [Datasets.Bronze.TdxDepartmentsEnriched.Name] = TdxEntities.Departments,
        [Datasets.Bronze.TdxUsers.Name] = TdxEntities.Users,
        [Datasets.Bronze.TdxUsersEnriched.Name] = TdxEntities.Users,
        [Datasets.Bronze.TdxAssets.Name] = TdxEntities.Assets,
        [Datasets.Bronze.TdxAssetsEnriched.Name] = TdxEntities.Assets,
        [Datasets.Bronze.AdUsers.Name] = IngestAdUsers.Entity,
        [Datasets.Bronze.AdGroups.Name] = IngestAdGroups.Entity,
        [Datasets.Bronze.AdOrganizationalUnits.Name] = IngestAdOrganizationalUnits.Entity,
        [Datasets.Bronze.AdComputers.Name] = IngestAdComputers.Entity,
        [Datasets.Bronze.MCommunityGroups.Name] = IngestMCommunityGroups.Entity,
        [Datasets.Bronze.MCommunityUsers.Name] = IngestMCommunityUsers.Entity,
        [Datasets.Bronze.LabAwards.Name] = IngestLabAwards.Entity,
        [Datasets.Bronze.KeyConfigureComputers.Name] = IngestKeyConfigureComputers.Entity,
    };

    /// <summary>The slice of a bronze dataset, or null for any other name (which then has no stamp and never skips).</summary>
    public static BronzeEntity? Of(string datasetName) => ByDataset.GetValueOrDefault(datasetName);

    /// <summary>Every bronze dataset that has a slice.</summary>
    public static IReadOnlyCollection<string> DatasetNames => ByDataset.Keys;
}
