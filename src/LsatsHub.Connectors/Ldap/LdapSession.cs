using System.Diagnostics;
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
/// split on <see cref="LdapSearch.ChunkAttribute"/>, a non-negative integer attribute, into sets of consecutive values
/// asked as equality assertions, <c>(&amp;F(|(attr=lo)(attr=lo+1)…))</c>, at most <see cref="MaxChunkValues"/> a set.
/// Equality is what every directory indexes; a range such as <c>(attr&gt;=lo)(attr&lt;=hi)</c> is not cheap: OpenLDAP's
/// back-mdb answers each side by walking the index from the bound to the end of the key space (and merges the IDs it
/// finds one key at a time), so every range search costs the whole directory and a walk of them costs its square.
/// The size of the next set follows the density just seen (aiming at three quarters of the cap), so a set rarely overflows; one
/// that does is asked again a quarter as wide (<see cref="ChunksNarrowed"/>). The walk starts at the lowest value the
/// cut-off first search returned (after one search for everything below it), and ends when a full empty set is followed
/// by an empty one-entry probe <c>(attr&gt;=lo)</c>. Entries without the attribute (or with a negative value) are
/// fetched by one extra search <c>(&amp;F(!(attr&gt;=0)))</c>, so they reach the caller (who can count them as bad)
/// instead of vanishing. Values rather than the seed's "<c>uid&gt;=last</c> and hope the server sorts" because no LDAP
/// server promises an order, and slapd's <c>uid</c> has no ordering rule at all; <c>uidNumber</c>/<c>gidNumber</c> do.
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

    /// <summary>Chunks that came back cut off and were asked again narrower (each cost one wasted request).</summary>
    public int ChunksNarrowed { get; private set; }

    /// <summary>
    /// How long the reader of the searches waited for the server's answers: from asking for the next page or chunk to
    /// having it (the server, the network, TLS and S.DS.P's decoding of the answer, minus what overlapped the reader's
    /// own work). Diagnostics for the run record: next to <see cref="TimeConverting"/> it says which side a slow read
    /// spends its time on.
    /// </summary>
    public TimeSpan TimeWaitingForAnswers => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks));

    /// <summary>How long converting entries into <see cref="LdapEntry"/> values took (range requests included).</summary>
    public TimeSpan TimeConverting => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _convertingTicks));

    private long _waitingTicks;
    private long _convertingTicks;

    /// <summary>Most values in one chunk's set of equality assertions (a filter of about 20 kB).</summary>
    public const int MaxChunkValues = 1024;

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
        var emitted = search.ChunkAttribute is null && search.SplitAttribute is null ? null : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pager = new PageResultRequestControl(search.PageSize);
        var request = Request(search, search.Filter, pager);
        int? cap = null;
        long? lowestSeen = null;
        Task<Page>? next = SendAsync(request, search, cancellationToken);
        try
        {
            while (next is not null)
            {
                var asked = Stopwatch.GetTimestamp();
                var page = await next.ConfigureAwait(false);
                Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - asked);
                next = null;
                var cookie = page.CutOff ? null : page.Response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
                if (cookie is { Length: > 0 })
                {
                    // The next page is asked for before this one is converted and handed on (pipelining): the server,
                    // the network and S.DS.P's decoding of page N+1 (all inside the blocking call) overlap the caller's
                    // conversion and storing of page N. Still one request in flight on the connection (the gate in
                    // SendAsync); its failure surfaces when it is awaited, after every entry of page N.
                    pager.Cookie = cookie;
                    next = SendAsync(request, search, cancellationToken);
                }

                foreach (SearchResultEntry entry in page.Response.Entries)
                {
                    var converting = Stopwatch.GetTimestamp();
                    var converted = page.CutOff ? _converter.Convert(entry) : await ConvertAsync(entry, search, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _convertingTicks, Stopwatch.GetTimestamp() - converting);
                    if (search.ChunkAttribute is not null && Value(converted, search.ChunkAttribute) is >= 0 and var value && (lowestSeen is null || value < lowestSeen))
                    {
                        lowestSeen = value;
                    }

                    if (!page.CutOff)
                    {
                        // A cut-off page is only looked at (for where chunking starts): its entries come again in the chunks.
                        emitted?.Add(entry.DistinguishedName);
                        yield return converted;
                    }
                }

                if (page.CutOff)
                {
                    cap = (emitted?.Count ?? 0) + page.Response.Entries.Count;
                }
            }
        }
        finally
        {
            // A caller that stops early (or a failure while converting) leaves the next page unread: observe its outcome
            // so it is not reported as an unobserved failure (the session's disposal waits for the call itself).
            Observe(next);
        }

        if (cap is null)
        {
            yield break;
        }

        if (search.ChunkAttribute is null && search.SplitAttribute is not null && emitted is not null)
        {
            // Nothing to chunk on (e.g. an incremental search for what changed since a mark): split by leading characters.
            SearchesChunked++;
            await foreach (var entry in SplitAsync(search, search.Filter, null, Math.Max(cap.Value, 2), string.Empty, cancellationToken).ConfigureAwait(false))
            {
                if (emitted.Add(entry.DistinguishedName))
                {
                    yield return entry;
                }
            }

            yield break;
        }

        if (search.ChunkAttribute is null || emitted is null)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} cut the search {search} short (size limit exceeded after {cap} entries); refusing to return a partial result.");
        }

        SearchesChunked++;
        await foreach (var entry in ChunkedAsync(search, search.ChunkAttribute, Math.Max(cap.Value, 2), lowestSeen, cancellationToken).ConfigureAwait(false))
        {
            if (!emitted.Contains(entry.DistinguishedName))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Range-retrieved attributes asked for part by part (AD's <c>member;range=…</c>), one base search each.</summary>
    public int RangeRequestsSent { get; private set; }

    /// <summary>Reads attributes of the server's root DSE, e.g. AD's <c>highestCommittedUSN</c> and <c>dsServiceName</c>.</summary>
    /// <param name="attributes">The attributes (root DSE attributes are returned only when asked for by name).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The root DSE with what it offered of those attributes (none when it offers none).</returns>
    /// <exception cref="ConnectorException">The server failed the read.</exception>
    public Task<LdapEntry> ReadRootDseAsync(IReadOnlyList<string> attributes, CancellationToken cancellationToken = default) =>
        ReadEntryAsync(string.Empty, attributes, cancellationToken);

    /// <summary>
    /// Reads attributes of one entry by its DN (a base search), e.g. the <c>contextCSN</c> of a naming context;
    /// operational attributes are returned only when asked for by name.
    /// </summary>
    /// <param name="distinguishedName">The entry; empty for the root DSE.</param>
    /// <param name="attributes">The attributes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry with what it offered of those attributes (none when it offers none or is not readable).</returns>
    /// <exception cref="ConnectorException">The server failed the read (other than the entry not existing).</exception>
    public async Task<LdapEntry> ReadEntryAsync(string distinguishedName, IReadOnlyList<string> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distinguishedName);
        ArgumentNullException.ThrowIfNull(attributes);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var search = new LdapSearch(distinguishedName, "(objectClass=*)", attributes) { Scope = SearchScope.Base };
        try
        {
            var page = await SendAsync(new SearchRequest(distinguishedName, search.Filter, SearchScope.Base, [.. attributes]), search, cancellationToken).ConfigureAwait(false);
            return page.Response.Entries.Count > 0 ? _converter.Convert(page.Response.Entries[0]) : new LdapEntry(distinguishedName, []);
        }
        catch (ConnectorException exception) when (exception.InnerException is DirectoryOperationException { Response.ResultCode: ResultCode.NoSuchObject })
        {
            return new LdapEntry(distinguishedName, []);
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

    /// <summary>Free while no blocking call runs on the connection; deliberately never disposed (a call abandoned by its caller releases it later).</summary>
    private readonly SemaphoreSlim _connectionFree = new(1, 1);

    private async IAsyncEnumerable<LdapEntry> ChunkedAsync(
        LdapSearch search, string attribute, int cap, long? lowestSeen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in SplitAsync(search, $"(&{search.Filter}(!({attribute}>=0)))", attribute, cap, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }

        // Start at the lowest value the cut-off search showed when everything below it fits in one search: an upper bound
        // only (slapd walks its index from the bound down, which is short when that value is near the lowest); negative
        // values it returns again were delivered by the search above.
        var low = 0L;
        if (lowestSeen is > 0 and var lowest)
        {
            var below = await CompleteAsync(search, $"(&{search.Filter}({attribute}<={Number(lowest - 1)}))", cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false);
            if (below is not null)
            {
                foreach (var entry in below.Where(e => Value(e, attribute) is not < 0))
                {
                    yield return entry;
                }

                low = lowest;
            }
        }

        var target = Math.Max(1, cap * 3 / 4);
        var probed = false;
        var width = Math.Clamp(search.InitialChunkWidth, 1, MaxChunkValues);
        Task<List<LdapEntry>?>? prefetched = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(width, long.MaxValue - low);
                var last = count <= 0;
                var asked = Stopwatch.GetTimestamp();
                var chunk = prefetched is not null
                    ? await prefetched.ConfigureAwait(false)
                    : await CompleteAsync(search, ChunkFilter(search.Filter, attribute, low, count), cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - asked);
                prefetched = null;
                if (chunk is null)
                {
                    if (count <= 1)
                    {
                        throw new ConnectorException(
                            $"{Settings.DirectoryName} LDAP server {Settings.Endpoint}: {cap} or more entries of {search} share {attribute}={Number(low)}, so the search cannot be chunked on it.");
                    }

                    ChunksNarrowed++;
                    width = Math.Max(1, count / 4);
                    continue;
                }

                if (last)
                {
                    foreach (var entry in chunk)
                    {
                        yield return entry;
                    }

                    yield break;
                }

                low += count;
                if (chunk.Count > 0)
                {
                    probed = false;
                    // Aim the next set at three quarters of the cap from this one's density: the directory's values are
                    // dense enough that a set's count varies by a few percent, so an overflow (one wasted request) is rare
                    // and every request carries as much as it can.
                    width = Math.Clamp((long)Math.Round((double)count * target / chunk.Count), 1, MaxChunkValues);
                    // The next set is asked for before this one is handed on, so the server finds it while the caller
                    // stores this one (one request in flight at a time on the connection, as before).
                    var next = Math.Min(width, long.MaxValue - low);
                    prefetched = CompleteAsync(search, ChunkFilter(search.Filter, attribute, low, next), cap, sizeLimit: 0, cancellationToken);
                    foreach (var entry in chunk)
                    {
                        yield return entry;
                    }

                    continue;
                }

                if (count < MaxChunkValues || probed)
                {
                    width = MaxChunkValues;
                    continue;
                }

                // A whole set of values was empty: is anything left above? A one-entry probe; on slapd it walks the index
                // only from here to the top, which is short once the walk has passed the highest value.
                // Probed once per gap: a gap inside the values is then crossed a full set at a time.
                var above = await CompleteAsync(search, $"(&{search.Filter}({attribute}>={Number(low)}))", cap, sizeLimit: 1, cancellationToken, attributes: [attribute]).ConfigureAwait(false);
                if (above is { Count: 0 })
                {
                    yield break;
                }

                probed = true;
            }
        }
        finally
        {
            // A caller that stops early leaves the prefetched set unread: observe its outcome so it is not reported as an
            // unobserved failure (the session's disposal waits for the call itself).
            Observe(prefetched);
        }
    }

    /// <summary>Leading characters the split tries, one search each; anything else is fetched by one remainder search.</summary>
    private const string SplitAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The longest prefix the split goes to before it gives up (36^3 searches would be absurd already).</summary>
    private const int MaxSplitDepth = 3;

    /// <summary>
    /// The entries of <paramref name="filter"/> (those without the chunk attribute <paramref name="attribute"/>, or all of a
    /// search that has none) whose split attribute starts with
    /// <paramref name="prefix"/>: one search when they fit under the cap, else one search per next character of
    /// <see cref="SplitAlphabet"/> (deeper where needed) and one for the rest, <c>(!(|(uid=pa*)(uid=pb*)…))</c>.
    /// Substring matching is case-insensitive on <c>uid</c>, so the lower-case alphabet covers upper case as well.
    /// </summary>
    private async IAsyncEnumerable<LdapEntry> SplitAsync(
        LdapSearch search, string filter, string? attribute, int cap, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var split = search.SplitAttribute;
        var scoped = prefix.Length == 0 ? filter : $"(&{filter}({split}={prefix}*))";
        var entries = await CompleteAsync(search, scoped, cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false);
        if (entries is not null)
        {
            foreach (var entry in entries)
            {
                yield return entry;
            }

            yield break;
        }

        var which = attribute is null ? string.Empty : $" have no {attribute} (or a negative one) and";
        if (split is null || prefix.Length >= MaxSplitDepth)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint}: at least {cap} entries of {search}"
                + (split is null ? $" have no {attribute} (or a negative one)" : $"{which} share the {split} prefix '{prefix}'") + ", so the search cannot be chunked on it.");
        }

        ChunksNarrowed++;
        var others = new System.Text.StringBuilder().Append("(&").Append(scoped).Append("(!(|");
        foreach (var next in SplitAlphabet)
        {
            others.Append('(').Append(split).Append('=').Append(prefix).Append(next).Append("*)");
            await foreach (var entry in SplitAsync(search, filter, attribute, cap, prefix + next, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }

        var rest = await CompleteAsync(search, others.Append(")))").ToString(), cap, sizeLimit: 0, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint}: at least {cap} entries of {search}{which} have a {split} that does not start with a letter or digit after '{prefix}', so the search cannot be chunked.");
        foreach (var entry in rest)
        {
            yield return entry;
        }
    }

    /// <summary>The chunk's set of values, or everything from <paramref name="low"/> up when no set fits below the top.</summary>
    private static string ChunkFilter(string filter, string attribute, long low, long count) =>
        count <= 0 ? $"(&{filter}({attribute}>={Number(low)}))" : ValuesFilter(filter, attribute, low, count);

    /// <summary>
    /// Converts an entry, first fetching the remaining parts of any range-retrieved attribute (AD returns a <c>member</c>
    /// of more than 1,500 values as <c>member;range=0-1499</c> and expects the client to ask for <c>member;range=1500-*</c>
    /// and on), so the caller sees every value under <c>member</c> and never an empty list.
    /// </summary>
    private async Task<LdapEntry> ConvertAsync(SearchResultEntry entry, LdapSearch search, CancellationToken cancellationToken)
    {
        var attributes = entry.Attributes.Values.Cast<DirectoryAttribute>().ToList();
        var pending = new Queue<LdapAttributeRange>(attributes.Select(a => LdapAttributeRange.Parse(a.Name)).OfType<LdapAttributeRange>().Where(r => r.High is not null));
        while (pending.TryDequeue(out var range))
        {
            var request = new SearchRequest(entry.DistinguishedName, "(objectClass=*)", SearchScope.Base, range.NextRequest);
            RangeRequestsSent++;
            var page = await SendAsync(request, search, cancellationToken).ConfigureAwait(false);
            var found = false;
            foreach (SearchResultEntry part in page.Response.Entries)
            {
                foreach (DirectoryAttribute attribute in part.Attributes.Values)
                {
                    if (LdapAttributeRange.Parse(attribute.Name) is not { } next
                        || !string.Equals(next.Attribute, range.Attribute, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (next.Low <= range.High)
                    {
                        throw new ConnectorException(
                            $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} answered {range.NextRequest} of '{entry.DistinguishedName}' with {attribute.Name}, which does not move on; refusing a partial {range.Attribute}.");
                    }

                    found = true;
                    attributes.Add(attribute);
                    if (next.High is not null)
                    {
                        pending.Enqueue(next);
                    }
                }
            }

            if (!found)
            {
                throw new ConnectorException(
                    $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} returned no {range.NextRequest} for '{entry.DistinguishedName}'; refusing a partial {range.Attribute}.");
            }
        }

        return _converter.Convert(entry.DistinguishedName, attributes);
    }

    private static long? Value(LdapEntry entry, string attribute) =>
        long.TryParse(entry.Text(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary><c>(&amp;F(|(attr=low)(attr=low+1)…))</c>: each value is one equality-index lookup on any server.</summary>
    private static string ValuesFilter(string filter, string attribute, long low, long count)
    {
        if (count == 1)
        {
            return $"(&{filter}({attribute}={Number(low)}))";
        }

        var text = new System.Text.StringBuilder(filter.Length + 8 + ((int)count * (attribute.Length + 12)));
        text.Append("(&").Append(filter).Append("(|");
        for (var value = low; value < low + count; value++)
        {
            text.Append('(').Append(attribute).Append('=').Append(Number(value)).Append(')');
        }

        return text.Append("))").ToString();
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

            var converting = Stopwatch.GetTimestamp();
            entries.AddRange(page.Response.Entries.Cast<SearchResultEntry>().Select(_converter.Convert));
            Interlocked.Add(ref _convertingTicks, Stopwatch.GetTimestamp() - converting);
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

    /// <summary>Marks the outcome of a request nobody will await any more as seen.</summary>
    private static void Observe(Task? abandoned)
    {
        if (abandoned is not null)
        {
            _ = abandoned.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static SearchRequest Request(LdapSearch search, string filter, PageResultRequestControl pager)
    {
        var request = new SearchRequest(search.BaseDn, filter, search.Scope, [.. search.Attributes]);
        request.Controls.Add(pager);
        return request;
    }

    private async Task<Page> SendAsync(SearchRequest request, LdapSearch search, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // One request on the connection at a time (a range request of an entry waits for the page being prefetched):
        // the gate opens when the blocking call returns, not when a caller stops waiting for it. A call that holds it
        // longer than the search timeout belongs to a server that stopped answering.
        if (!await _connectionFree.WaitAsync(Settings.Timeout, cancellationToken).ConfigureAwait(false))
        {
            throw DidNotAnswer(search, new TimeoutException("the previous request on the connection is still unanswered"));
        }

        RequestsSent++;
        try
        {
            Task<SearchResponse> call;
            try
            {
                call = LdapBlockingCall.Start(() => (SearchResponse)_connection.SendRequest(request, Settings.Timeout));
            }
            catch
            {
                _connectionFree.Release();
                throw;
            }

            _inFlight = call;
            _ = call.ContinueWith(static (_, gate) => ((SemaphoreSlim)gate!).Release(), _connectionFree, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // libldap's own limit (passed above) does not end a request blocked in the TLS layer of a server that
            // stopped answering mid-session (slapd under SIGSTOP: the search hung for as long as it stayed frozen), so
            // the wait is bounded here too; the abandoned call keeps the connection until it returns (Dispose).
            var response = await call.WaitAsync(Settings.Timeout, cancellationToken).ConfigureAwait(false);
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
        catch (LdapException exception) when (exception.ErrorCode == LdapErrorCodes.ClientSideTimeout)
        {
            // libldap's limit and the wait above are the same length; whichever fires first, it is one hang.
            throw DidNotAnswer(search, exception);
        }
        catch (LdapException exception)
        {
            throw new ConnectorException(
                $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} failed during the search {search}: {exception.Message} (LDAP error {exception.ErrorCode}).",
                exception);
        }
        catch (TimeoutException exception)
        {
            throw DidNotAnswer(search, exception);
        }
    }

    private ConnectorException DidNotAnswer(LdapSearch search, Exception cause) => new(
        $"{Settings.DirectoryName} LDAP server {Settings.Endpoint} did not answer the search {search} within "
        + $"{Settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({Settings.TimeoutVariable}); "
        + "it may have stopped answering (a hung server, or a firewall dropping the traffic).",
        cause);

    private readonly record struct Page(SearchResponse Response, bool CutOff);
}
