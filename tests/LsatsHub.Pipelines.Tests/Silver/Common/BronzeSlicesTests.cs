using System.Reflection;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Tests.Silver.Common;

public sealed class BronzeSlicesTests
{
    [Fact]
    public void Every_bronze_dataset_has_its_slice_so_a_silver_step_reading_it_can_skip()
    {
        var bronze = typeof(Datasets.Bronze).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DatasetId))
            .Select(field => ((DatasetId)field.GetValue(null)!).Name)
            .ToList();

        bronze.Should().NotBeEmpty();
        bronze.Where(name => BronzeSlices.Of(name) is null).Should().BeEmpty("a bronze input without a slice has no stamp and never skips");
        BronzeSlices.DatasetNames.Should().BeEquivalentTo(bronze);
    }

    [Fact]
    public void An_enriched_dataset_shares_the_slice_of_its_base_and_any_other_name_has_none()
    {
        BronzeSlices.Of(Datasets.Bronze.TdxDepartmentsEnriched.Name).Should().BeSameAs(TdxEntities.Departments);
        BronzeSlices.Of(Datasets.Bronze.TdxDepartments.Name).Should().BeSameAs(TdxEntities.Departments);
        BronzeSlices.Of(Datasets.Bronze.TdxUsersEnriched.Name).Should().BeSameAs(BronzeSlices.Of(Datasets.Bronze.TdxUsers.Name));
        BronzeSlices.Of(Datasets.Silver.Users.Name).Should().BeNull();
    }
}
