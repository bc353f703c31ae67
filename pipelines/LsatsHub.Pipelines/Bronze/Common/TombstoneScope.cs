namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Limits tombstoning to the part of a slice a fetch covered: only entities whose latest version has
/// <c>raw_data-&gt;&gt;Key</c> equal to one of <see cref="Values"/> can be tombstoned. For a step that fetches one search
/// base of several (e.g. AD OUs tagged with <c>_search_base_origin</c>).
/// </summary>
/// <param name="Key">The top-level <c>raw_data</c> key (often an underscore metadata key the step sets).</param>
/// <param name="Values">The values the fetch covered completely.</param>
public sealed record TombstoneScope(string Key, IReadOnlyList<string> Values);
