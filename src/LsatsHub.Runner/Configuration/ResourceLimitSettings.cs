namespace LsatsHub.Runner.Configuration;

/// <summary>LSATS_RESOURCE_LIMITS: how many steps may hold each named resource at once, and any other resource.</summary>
/// <param name="Limits">By resource name.</param>
/// <param name="Default">For a resource not named (<c>*=N</c>).</param>
internal sealed record ResourceLimitSettings(IReadOnlyDictionary<string, int> Limits, int Default);
