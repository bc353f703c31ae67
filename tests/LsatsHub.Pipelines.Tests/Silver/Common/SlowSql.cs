using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Tests.Silver.Common;

/// <summary>Marker for SlowSql.sql: a statement that sleeps 30 s (line 2), for the timeout and cancellation tests.</summary>
public sealed class SlowSql
{
    public static SilverSql Sql { get; } = SilverSql.For<SlowSql>("slow");
}
