using System.DirectoryServices.Protocols;

namespace LsatsHub.Connectors.Ldap;

/// <summary>One search a step asks for.</summary>
/// <param name="BaseDn">Where to search.</param>
/// <param name="Filter">An RFC 4515 filter, parenthesised, e.g. <c>(objectClass=group)</c>.</param>
/// <param name="Attributes">Attributes to return; <c>*</c> for all user attributes.</param>
public sealed record LdapSearch(string BaseDn, string Filter, IReadOnlyList<string> Attributes)
{
    /// <summary>Subtree unless said otherwise.</summary>
    public SearchScope Scope { get; init; } = SearchScope.Subtree;

    /// <summary>Entries per RFC 2696 page (AD's MaxPageSize is 1000).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>
    /// For servers that cap results per search however it is paged (MCommunity, about 350): a single-valued INTEGER
    /// attribute with an ordering rule (<c>uidNumber</c>, <c>gidNumber</c>) on which the search is split into
    /// sets of consecutive values when the server answers sizeLimitExceeded. Null: a capped search fails instead of returning part.
    /// </summary>
    public string? ChunkAttribute { get; init; }

    /// <summary>
    /// A string attribute with substring matching (<c>uid</c>) on which the entries without <see cref="ChunkAttribute"/>
    /// are split by their leading characters (<c>(uid=a*)</c>, <c>(uid=b*)</c>, …, deeper where one still reaches the
    /// cap) when they are more than one search returns. Null: more such entries than the cap fail the search.
    /// Without a <see cref="ChunkAttribute"/>, the whole search is split this way when the server cuts it short (an
    /// incremental search for what changed since a mark, which chunking on values would turn into a walk of the directory).
    /// </summary>
    public string? SplitAttribute { get; init; }

    /// <summary>How many consecutive values the first chunk asks for; later chunks follow the density of values.</summary>
    public long InitialChunkWidth { get; init; } = 256;

    /// <inheritdoc />
    public override string ToString() => $"{Filter} under {BaseDn}";
}
