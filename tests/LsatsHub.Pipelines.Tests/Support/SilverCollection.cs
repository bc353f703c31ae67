namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>The silver tests: they share one <see cref="SilverTestBed"/> (bronze loaded once) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SilverCollection : ICollectionFixture<SilverTestBed>
{
    public const string Name = "silver";
}
