using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Tests.Silver.Common;

/// <summary>Marker for RuntimeFailure.sql: a statement that fails while running (no position), starting on line 4.</summary>
public sealed class RuntimeFailure
{
    public const int StatementLine = 4;

    public static SilverSql Sql { get; } = SilverSql.For<RuntimeFailure>("broken");
}
