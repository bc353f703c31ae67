namespace LsatsHub.Warehouse.Roles;

/// <summary>Fills the placeholders of roles.sql with validated identifiers.</summary>
public static class RolesTemplate
{
    /// <summary>The placeholder for the read-only role.</summary>
    public const string ReadonlyRolePlaceholder = "{{readonly_role}}";

    /// <summary>The placeholder for the application role.</summary>
    public const string AppRolePlaceholder = "{{app_role}}";

    /// <summary>The placeholder for the database.</summary>
    public const string DatabasePlaceholder = "{{database}}";

    /// <summary>Substitutes the three placeholders.</summary>
    /// <param name="template">The text of roles.sql.</param>
    /// <param name="options">The names; each must pass <see cref="SqlIdentifier.Require"/>.</param>
    /// <returns>Runnable SQL.</returns>
    /// <exception cref="WarehouseException">A name is not a plain identifier, or a placeholder is left over.</exception>
    public static string Render(string template, ReadonlyRoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var sql = template
            .Replace(ReadonlyRolePlaceholder, SqlIdentifier.Require(options.ReadonlyRole, "read-only role"), StringComparison.Ordinal)
            .Replace(AppRolePlaceholder, SqlIdentifier.Require(options.AppRole, "application role"), StringComparison.Ordinal)
            .Replace(DatabasePlaceholder, SqlIdentifier.Require(options.Database, "database"), StringComparison.Ordinal);
        var leftover = sql.IndexOf("{{", StringComparison.Ordinal);
        if (leftover >= 0)
        {
            var end = sql.IndexOf("}}", leftover, StringComparison.Ordinal);
            var name = end < 0 ? sql[leftover..] : sql[leftover..(end + 2)];
            throw new WarehouseException($"roles.sql has an unknown placeholder {name}.");
        }

        return sql;
    }
}
