using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

public sealed class AdChangeTests(LdapWorld ldap) : IClassFixture<LdapWorld>
{
    private static readonly string[] Steps = ["ad.users", "ad.groups", "ad.ous", "ad.computers"];

    [Fact]
    public async Task After_the_world_moves_on_exactly_the_changed_new_and_removed_entries_get_versions_or_tombstones()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("adchange");
        var cases = Steps.Select(LdapStepCase.For).ToList();
        var before = cases.ToDictionary(c => c.Name, c => c.Slice(ldap));
        foreach (var step in cases)
        {
            await step.Create().RunAsync(ldap.Context(bronze, step.Name), CancellationToken.None);
        }

        await ldap.MutateAsync();

        var touched = new Dictionary<string, int>();
        foreach (var step in cases)
        {
            var after = step.Slice(ldap);
            var (created, changed, _, deleted) = Ldif.Diff(before[step.Name], after, step.Key, step.Entity.HashFields!);

            var result = await step.Create().RunAsync(ldap.Context(bronze, step.Name), CancellationToken.None);

            result.Summary.Should().Be(step.Predict(before[step.Name], after), step.Name);
            touched[step.Name] = created + changed + deleted;
        }

        touched["ad.users"].Should().BeGreaterThan(0, "new hires and departures must reach AD for this test to mean something");
        touched["ad.computers"].Should().BeGreaterThan(0, "moved computers must reach AD for this test to mean something");
    }

    [Fact]
    public async Task An_entry_without_its_key_is_counted_and_skipped_while_the_rest_land()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("admalformed");
        var step = LdapStepCase.For("ad.users");
        await ldap.AppendAsync(
            "dn: CN=broken-acct,OU=People,OU=Accounts,OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\ncn: broken-acct\nsn: broken\n",
            string.Empty);

        var result = await step.Create().RunAsync(ldap.Context(bronze, step.Name), CancellationToken.None);

        var slice = step.Slice(ldap);
        slice.Should().Contain(e => e.Dn.StartsWith("CN=broken-acct", StringComparison.Ordinal));
        result.Summary.Should().Be(step.Predict([], slice));
        bronze.Logger.Messages.Should().Contain(m => m.Text.Contains("CN=broken-acct", StringComparison.OrdinalIgnoreCase) && m.Text.Contains("objectGUID", StringComparison.Ordinal));
    }
}
