using System.Text;

namespace LsatsHub.Warehouse.Roles;

/// <summary>What <c>lsats-run db grant-readonly</c> grants, all from configuration.</summary>
/// <param name="ReadonlyRole">The read-only role (the plan's lsats_readonly); created if missing.</param>
/// <param name="AppRole">The application role whose future tables the read-only role may read (the plan's lsats_user); must exist.</param>
/// <param name="Database">The warehouse database; must be the one connected to.</param>
/// <param name="Password">When set, the read-only role gets LOGIN with this password; never logged or shown.</param>
public sealed record ReadonlyRoleOptions(string ReadonlyRole, string AppRole, string Database, string? Password = null)
{
    // Records print every property; the password must not reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ReadonlyRole = ").Append(ReadonlyRole)
            .Append(", AppRole = ").Append(AppRole)
            .Append(", Database = ").Append(Database)
            .Append(", Password = ").Append(Password is null ? "(none)" : "***");
        return true;
    }
}
