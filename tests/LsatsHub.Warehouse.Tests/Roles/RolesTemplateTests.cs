using LsatsHub.Warehouse.Roles;

namespace LsatsHub.Warehouse.Tests.Roles;

public sealed class RolesTemplateTests
{
    [Fact]
    public void Placeholders_are_replaced_by_the_configured_names()
    {
        var sql = RolesTemplate.Render(
            "GRANT CONNECT ON DATABASE {{database}} TO {{readonly_role}}; -- for {{app_role}}",
            new ReadonlyRoleOptions("report_reader", "hub_app", "hub_db"));

        sql.Should().Be("GRANT CONNECT ON DATABASE hub_db TO report_reader; -- for hub_app");
    }

    [Theory]
    [InlineData("Readonly")]
    [InlineData("ro; DROP TABLE x")]
    [InlineData("ro\"")]
    [InlineData("1ro")]
    [InlineData("")]
    public void A_name_that_is_not_a_plain_identifier_is_rejected_naming_it(string role)
    {
        var act = () => RolesTemplate.Render("{{readonly_role}}", new ReadonlyRoleOptions(role, "hub_app", "hub_db"));

        act.Should().Throw<WarehouseException>().WithMessage("*read-only role*");
    }

    [Fact]
    public void A_name_longer_than_postgres_allows_is_rejected()
    {
        var act = () => RolesTemplate.Render("{{database}}", new ReadonlyRoleOptions("ro", "app", new string('d', 64)));

        act.Should().Throw<WarehouseException>().WithMessage("*database name*longer than 63*");
    }

    [Fact]
    public void An_unknown_placeholder_is_reported()
    {
        var act = () => RolesTemplate.Render("GRANT x TO {{reader}}", new ReadonlyRoleOptions("ro", "app", "db"));

        act.Should().Throw<WarehouseException>().WithMessage("*{{reader}}*");
    }

    [Fact]
    public void The_options_never_print_the_password()
    {
        var text = new ReadonlyRoleOptions("ro", "app", "db", "s3cret-Value").ToString();

        text.Should().NotContain("s3cret-Value").And.Contain("***").And.Contain("ro");
    }
}
