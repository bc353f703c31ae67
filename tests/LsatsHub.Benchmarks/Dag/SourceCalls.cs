namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// What one run asked of the sources, summed over the <c>meta.ingestion_runs</c> rows its bronze steps wrote (the
/// steps' own counters: every HTTP call and LDAP request they sent, retries included).
/// </summary>
/// <param name="TdxApiCalls">TDX REST calls (<c>api_calls</c> of source <c>tdx</c>).</param>
/// <param name="UmichApiCalls">UMich API calls (<c>api_calls</c> of <c>umich_api</c>), OAuth token requests not included.</param>
/// <param name="UmichTokenRequests">UMich API OAuth token requests.</param>
/// <param name="LdapSearches">LDAP search requests to AD and MCommunity (<c>ldap_requests</c>; a paged search counts each page).</param>
/// <param name="RateLimited">429 responses received, all sources.</param>
public sealed record SourceCalls(long TdxApiCalls, long UmichApiCalls, long UmichTokenRequests, long LdapSearches, long RateLimited);
