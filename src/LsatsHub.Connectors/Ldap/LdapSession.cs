using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// One bound connection; every search of a step runs on it. Searches stream page by page (RFC 2696) so memory stays
/// bounded by a page, and a search the server cuts short is either completed by chunking or fails — it never returns
/// part of the directory as if it were all of it.
/// </summary>
/// <remarks>
/// Chunking (for servers such as MCommunity that stop every search at about 350 entries, paged or not): the search is
/// split into half-open value ranges of <see cref="LdapSearch.ChunkAttribute"/>, an integer attribute with an ordering
/// rule, <c>(&amp;F(attr&gt;=lo)(!(attr&gt;=hi)))</c>. A range that is cut off (or returns as many entries as the
/// observed cap, in case a server truncates silently) is retried narrower; a complete range is emitted and the next
/// one widens when it was sparse. An empty range is followed by a one-entry probe of everything above it, which ends
/// the walk when nothing is left. Entries without the attribute (or with a negative value) are fetched by one extra
/// search <c>(&amp;F(!(attr&gt;=0)))</c>, so they reach the caller (who can count them as bad) instead of vanishing.
/// Ranges are used rather than the seed's "<c>uid&gt;=last</c> and hope the server sorts" because no LDAP server
/// promises an order, and slapd's <c>uid</c> has no ordering rule at all; <c>uidNumber</c>/<c>gidNumber</c> do.
/// </remarks>
public sealed class LdapSession : IDisposable
{
    private readonly LdapConnection _connection;
    private readonly LdapEntryConverter _converter;

    internal LdapSession(LdapConnection connection, LdapSettings settings, LdapEntryConverter converter)
    {
        _connection = connection;
        Settings = settings;
        _converter = converter;
    }

    /// <summary>What this session is connected to.</summary>
    public LdapSettings Settings { get; }

    /// <summary>Search requests sent (every page and every chunk counts).</summary>
    public int RequestsSent { get; private set; }

    /// <summary>Searches that the server cut short and that were completed by chunking.</summary>
    public int SearchesChunked { get; private set; }

    /// <summary>Streams every entry the search matches, exactly once.</summary>
    /// <param name="search">The search.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    /// <returns>The entries, page by page.</returns>
    /// <exception cref="ConnectorException">The server failed, or cut the search short and it cannot be chunked.</exception>
    public async IAsyncEnumerable<LdapEntry> SearchAsync(LdapSearch search, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Remembered only while chunking is possible, to skip them when the chunks return them again; bounded by the cap.
        var emitted = search.ChunkAttribute is null ? null : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pager = new PageResultRequestControl(search.PageSize);
        var request = Request(search, search.Filter, pager);
        int? cap = null;
        while (true)
        {
            var page = await SendAsync(request, search, cancellationToken).ConfigureAwait(false);
            foreach (SearchResultEntry entry in page.Response.Entries)
            {
                if (page.CutOff)
                {
                    break;
                }

                emitted?.Add(entry.DistinguishedName);
                yield return _converter.Convert(entry);
            }

            if (page.CutOff)
            {
                cap = (emitted?.Count ?? 0) + page.Response.Entries.Count;
                break;
            }

            var cookie = page.Response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
            {
                yield break;
            }

            pager.Cookie = cookie;
        }

        if (search.ChunkAttribute is null || emitted is null)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} cut the search {search} short (size limit exceeded after {cap} entries); refusing to return a partial result.");
        }

        SearchesChunked++;
        await foreach (var entry in ChunkedAsync(search, search.ChunkAttribute, Math.Max(cap.Value, 2), cancellationToken).ConfigureAwait(false))
        {
            if (!emitted.Contains(entry.DistinguishedName))
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Unbinds and closes the connection; when a cancelled search is still blocked in libldap, as soon as it returns
    /// (its caller has already stopped waiting for it).
    /// </summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            LdapBlockingCall.DisposeAfter(_inFlight, _connection);
        }
    }

    private bool _disposed;
    private Task? _inFlight;

    private async IAsyncEnumerable<LdapEntry> ChunkedAsync(LdapSearch search, string attribute, int cap, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var outside = await CompleteAsync(search, $"(&{search.Filter}(!({attribute}>=0)))", cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint}: at least {cap} entries of {search} have no {attribute} (or a negative one), so the search cannot be chunked on it.");
        foreach (var entry in outside)
        {
            yield return entry;
        }

        var low = 0L;
        var width = Math.Max(1, search.InitialChunkWidth);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var high = low > long.MaxValue - width ? long.MaxValue : low + width;
            var filter = high == long.MaxValue
                ? $"(&{search.Filter}({attribute}>={Number(low)}))"
                : $"(&{search.Filter}({attribute}>={Number(low)})(!({attribute}>={Number(high)})))";
            var chunk = await CompleteAsync(search, filter, cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false);
            if (chunk is null)
            {
                if (width == 1)
                {
                    throw new ConnectorException(
                        $"{Settings.DirectoryName} LDAP server {Settings.Endpoint}: {cap} or more entries of {search} share {attribute}={Number(low)}, so the search cannot be chunked on it.");
                }

                width = Math.Max(1, width / 4);
                continue;
            }

            foreach (var entry in chunk)
            {
                yield return entry;
            }

            if (high == long.MaxValue)
            {
                yield break;
            }

            low = high;
            if (chunk.Count == 0)
            {
                var above = await CompleteAsync(search, $"(&{search.Filter}({attribute}>={Number(low)}))", cap, sizeLimit: 1, cancellationToken, attributes: [attribute]).ConfigureAwait(false);
                if (above is { Count: 0 })
                {
                    yield break;
                }
            }

            if (chunk.Count < cap / 4 && width < long.MaxValue / 2)
            {
                width *= 2;
            }
        }
    }

    /// <summary>Runs one search to its end; null when the server cut it off or it reached the cap (so it may be partial).</summary>
    private async Task<List<LdapEntry>?> CompleteAsync(
        LdapSearch search, string filter, int cap, int sizeLimit, CancellationToken cancellationToken, IReadOnlyList<string>? attributes = null)
    {
        var entries = new List<LdapEntry>();
        var pager = new PageResultRequestControl(search.PageSize);
        var request = Request(search with { Attributes = attributes ?? search.Attributes }, filter, pager);
        request.SizeLimit = sizeLimit;
        while (true)
        {
            var page = await SendAsync(request, search, cancellationToken).ConfigureAwait(false);
            if (page.CutOff)
            {
                // A probe with a size limit of 1 is cut off exactly when something is there: that is an answer, not a failure.
                return sizeLimit > 0 ? [.. page.Response.Entries.Cast<SearchResultEntry>().Select(_converter.Convert)] : null;
            }

            entries.AddRange(page.Response.Entries.Cast<SearchResultEntry>().Select(_converter.Convert));
            if (sizeLimit == 0 && entries.Count >= cap)
            {
                return null;
            }

            var cookie = page.Response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
            {
                return entries;
            }

            pager.Cookie = cookie;
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static SearchRequest Request(LdapSearch search, string filter, PageResultRequestControl pager)
    {
        var request = new SearchRequest(search.BaseDn, filter, search.Scope, [.. search.Attributes]);
        request.Controls.Add(pager);
        return request;
    }

    private async Task<Page> SendAsync(SearchRequest request, LdapSearch search, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequestsSent++;
        try
        {
            var call = LdapBlockingCall.Start(() => (SearchResponse)_connection.SendRequest(request, Settings.Timeout));
            _inFlight = call;
            var response = await call.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Page(response, CutOff: false);
        }
        catch (DirectoryOperationException exception) when (exception.Response is SearchResponse { ResultCode: ResultCode.SizeLimitExceeded } response)
        {
            return new Page(response, CutOff: true);
        }
        catch (DirectoryOperationException exception)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} failed the search {search}: {exception.Response?.ResultCode} {exception.Response?.ErrorMessage}".TrimEnd(),
                exception);
        }
        catch (LdapException exception)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} failed during the search {search}: {exception.Message} (LDAP error {exception.ErrorCode}).",
                exception);
        }
        catch (TimeoutException exception)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} did not answer the search {search} within {Settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.",
                exception);
        }
    }

    private readonly record struct Page(SearchResponse Response, bool CutOff);
}
