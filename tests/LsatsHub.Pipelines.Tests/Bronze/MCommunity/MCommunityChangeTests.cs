using LsatsHub.Pipelines.Tests.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.MCommunity;

public sealed class MCommunityChangeTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    [Fact]
    public async Task After_the_world_moves_on_exactly_the_changed_new_and_removed_entries_get_versions_or_tombstones()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("mcomchange");
        var cases = new[] { "mcommunity.groups", "mcommunity.users" }.Select(LdapStepCase.For).ToList();
        var before = cases.ToDictionary(c => c.Name, c => c.Slice(ldap));
        foreach (var step in cases)
        {
            await step.Create().RunAsync(ldap.Context(bronze, step.Name), CancellationToken.None);
        }

        await ldap.MutateAsync();

        foreach (var step in cases)
        {
            var after = step.Slice(ldap);

            var result = await step.Create().RunAsync(ldap.Context(bronze, step.Name), CancellationToken.None);

            result.Summary.Should().Be(step.Predict(before[step.Name], after), step.Name);
        }
    }
}
