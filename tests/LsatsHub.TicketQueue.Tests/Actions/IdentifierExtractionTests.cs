using LsatsHub.TicketQueue.Actions;

namespace LsatsHub.TicketQueue.Tests.Actions;

/// <summary>add_asset finds computer names and serials with the original's patterns, in a deterministic order.</summary>
public sealed class IdentifierExtractionTests
{
    [Fact]
    public void Names_and_serials_are_found_de_duplicated_and_sorted()
    {
        var found = AddAssetAction.Identifiers("chem-ws1234 will not boot; serial C02XK1ABJG5H, again chem-ws1234");

        found.Should().Contain("C02XK1ABJG5H").And.Contain(id => id == "chem-ws1234").And.OnlyHaveUniqueItems();
        found.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Plain_prose_has_no_identifiers()
    {
        AddAssetAction.Identifiers("The printer on the second floor is jammed.").Should().BeEmpty();
    }
}
