using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// What the AD and MCommunity steps share: one bound session per step (opened when the record stream is first read,
/// so a connection failure fails the step's ingestion run rather than preceding it), entries turned into bronze
/// records keyed by one attribute, and the request counts for the run record.
/// </summary>
/// <param name="connector">Opens the session.</param>
/// <param name="settings">Server, credentials, TLS trust.</param>
/// <param name="conversion">Attribute value forms.</param>
internal sealed class LdapBronzeSource(ILdapConnector connector, LdapSettings settings, LdapConversion conversion)
{
    public int RequestsSent { get; private set; }

    public int SearchesChunked { get; private set; }

    public int ChunksNarrowed { get; private set; }

    public TimeSpan TimeWaitingForAnswers { get; private set; }

    public TimeSpan TimeConverting { get; private set; }

    /// <summary>Opens the session, runs <paramref name="fetch"/> on it and streams its items; the session closes at the end.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        Func<LdapSession, CancellationToken, IAsyncEnumerable<T>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var session = await connector.ConnectAsync(settings, conversion, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var item in fetch(session, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            RequestsSent = session.RequestsSent;
            SearchesChunked = session.SearchesChunked;
            ChunksNarrowed = session.ChunksNarrowed;
            TimeWaitingForAnswers = session.TimeWaitingForAnswers;
            TimeConverting = session.TimeConverting;
        }
    }

    /// <summary>The run-record keys counted while fetching.</summary>
    public JsonObject CompletionMetadata() => new()
    {
        ["api_calls"] = RequestsSent,
        ["ldap_requests"] = RequestsSent,
        ["ldap_searches_chunked"] = SearchesChunked,
        ["ldap_chunks_narrowed"] = ChunksNarrowed,
        // Where the read's time went (docs/scale.md, "The LDAP read"): waiting for the server's answers (server,
        // network, TLS, S.DS.P's decoding) against converting entries; the rest of the step is storing them.
        ["ldap_wait_seconds"] = Math.Round(TimeWaitingForAnswers.TotalSeconds, 2),
        ["ldap_convert_seconds"] = Math.Round(TimeConverting.TotalSeconds, 2),
        ["rate_limited_responses"] = 0,
    };

    /// <summary>
    /// An entry as a bronze record: <c>dn</c> plus its converted attributes plus <paramref name="metadata"/>, keyed by
    /// <paramref name="keyAttribute"/>. An entry without attributes or without the key is a bad record.
    /// </summary>
    public static BronzeRecordOrError ToRecord(LdapEntry entry, string keyAttribute, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Attributes.Count == 0)
        {
            return BronzeRecordOrError.Bad(null, $"LDAP entry '{entry.DistinguishedName}' came back without attributes (access rights?)");
        }

        var key = entry.Text(keyAttribute);
        if (key is null)
        {
            return BronzeRecordOrError.Bad(null, $"LDAP entry '{entry.DistinguishedName}' has no {keyAttribute}");
        }

        var raw = new JsonObject { ["dn"] = entry.DistinguishedName };
        foreach (var (name, value) in entry.Attributes)
        {
            raw[name] = value?.DeepClone();
        }

        foreach (var (name, value) in metadata)
        {
            raw[name] = value?.DeepClone();
        }

        return BronzeRecordOrError.Ok(new BronzeRecord(key, raw));
    }

    /// <summary>Run metadata common to every LDAP step.</summary>
    public JsonObject RunMetadata(string sourceApi, string searchBase, string? filter) => new()
    {
        ["ingestion_type"] = "full",
        ["source_api"] = sourceApi,
        ["ldap_server"] = settings.Endpoint,
        ["ldap_ssl"] = settings.UseSsl,
        ["search_base"] = searchBase,
        ["search_filter"] = filter,
        ["change_detection_method"] = "content_hash_based",
    };
}
