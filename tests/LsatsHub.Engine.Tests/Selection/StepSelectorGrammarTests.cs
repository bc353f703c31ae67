using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Selection;

/// <summary>Every operator of the grammar against the sample graph, expression → exact step set.</summary>
public sealed class StepSelectorGrammarTests
{
    private const string UsersAncestry =
        "silver.users silver.tdx_users bronze.tdx.enrich_users bronze.tdx.users bronze.tdx.departments "
        + "silver.ad_users bronze.ad.users silver.umapi_employees bronze.umapi.employees silver.mcommunity_users bronze.mcommunity.users "
        + "silver.lab_awards bronze.documents.lab_awards silver.ad_organizational_units bronze.ad.ous";

    private const string DepartmentsAncestry =
        "silver.departments silver.tdx_departments bronze.tdx.enrich_departments bronze.tdx.departments silver.umapi_departments bronze.umapi.departments";

    private const string Tier1 =
        "silver.tdx_departments silver.tdx_users silver.tdx_assets silver.umapi_departments silver.umapi_employees silver.ad_users silver.ad_groups "
        + "silver.ad_organizational_units silver.ad_computers silver.mcommunity_users silver.mcommunity_groups silver.lab_awards silver.keyconfigure_computers";

    private static readonly PipelineGraph Sample = SampleGraph.Build();

    public static TheoryData<string, string> Expressions => new()
    {
        // A step name, and a dataset name meaning its producer.
        { "silver.labs", "silver.labs" },
        { "silver.group_members", "silver.groups" },
        { "bronze.tdx.assets_enriched", "bronze.tdx.enrich_assets" },

        // Ancestors, descendants, both.
        { "+silver.labs", "silver.labs " + UsersAncestry + " " + DepartmentsAncestry },
        { "silver.labs+", "silver.labs silver.lab_members silver.lab_computers silver.lab_managers" },
        {
            "+silver.departments+",
            DepartmentsAncestry + " silver.computers silver.labs silver.lab_members silver.lab_computers silver.lab_managers"
        },

        // Depth limits.
        { "1+silver.labs", "silver.labs silver.users silver.departments silver.ad_organizational_units silver.lab_awards" },
        { "2+silver.departments", "silver.departments silver.tdx_departments silver.umapi_departments bronze.tdx.enrich_departments bronze.umapi.departments" },
        { "bronze.tdx.users+1", "bronze.tdx.users bronze.tdx.assets bronze.tdx.enrich_users" },
        { "1+bronze.tdx.users+1", "bronze.tdx.users bronze.tdx.departments bronze.tdx.assets bronze.tdx.enrich_users" },
        { "1+silver.lab_members+", "silver.lab_members silver.users silver.groups silver.labs silver.lab_computers silver.lab_managers" },

        // Methods, also under operators.
        { "tag:enrich", "bronze.tdx.enrich_departments bronze.tdx.enrich_users bronze.tdx.enrich_assets" },
        { "tag:tier1", Tier1 },
        { "layer:silver", Tier1 + " silver.departments silver.groups silver.users silver.computers silver.labs silver.lab_members silver.lab_computers silver.lab_managers" },
        { "source:ad", "bronze.ad.users bronze.ad.groups bronze.ad.ous bronze.ad.computers silver.ad_users silver.ad_groups silver.ad_organizational_units silver.ad_computers" },
        {
            "source:tdx+1",
            "bronze.tdx.departments bronze.tdx.users bronze.tdx.assets bronze.tdx.enrich_departments bronze.tdx.enrich_users bronze.tdx.enrich_assets "
            + "silver.tdx_departments silver.tdx_users silver.tdx_assets silver.users silver.departments silver.computers"
        },
        { "1+tag:composite", "silver.labs silver.lab_members silver.lab_computers silver.lab_managers silver.users silver.departments silver.ad_organizational_units silver.lab_awards silver.groups silver.computers" },

        // Comma intersects, space unites.
        { "layer:bronze,source:tdx", "bronze.tdx.departments bronze.tdx.users bronze.tdx.assets bronze.tdx.enrich_departments bronze.tdx.enrich_users bronze.tdx.enrich_assets" },
        { "+silver.users,source:umapi", "silver.umapi_employees bronze.umapi.employees" },
        { "tag:enrich silver.labs", "bronze.tdx.enrich_departments bronze.tdx.enrich_users bronze.tdx.enrich_assets silver.labs" },

        // Wildcards in names and values.
        { "bronze.ad.*", "bronze.ad.users bronze.ad.groups bronze.ad.ous bronze.ad.computers" },
        { "silver.*_users", "silver.tdx_users silver.ad_users silver.mcommunity_users" },
        { "tag:tier*", Tier1 },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void A_select_expression_selects_exactly_its_steps(string expression, string expected)
    {
        var request = new SelectionRequest([], [expression], []);

        var selected = StepSelector.Select(Sample, request);

        selected.Should().BeEquivalentTo(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct());
    }

    [Fact]
    public void At_selects_the_descendants_and_every_ancestor_of_them()
    {
        var graph = Steps.Graph("a -> b -> c", "d -> b", "e -> c", "f", "a -> g");

        var selected = StepSelector.Select(graph, new SelectionRequest([], ["@b"], []));

        // b's descendant c brings in c's other parent e; b's own parents a and d come in as ancestors; g and f do not.
        selected.Should().BeEquivalentTo("a", "b", "c", "d", "e");
    }

    [Fact]
    public void At_on_the_sample_reaches_sources_that_are_neither_ancestors_nor_descendants()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest([], ["@silver.tdx_assets"], []));

        var everyStepButLabManagers = Sample.Steps.Select(step => step.Descriptor.Name).Where(name => name != "silver.lab_managers");
        selected.Should().BeEquivalentTo(everyStepButLabManagers);
    }

    [Fact]
    public void The_result_is_ordered_by_name()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest([], ["source:ad"], []));

        selected.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }
}
