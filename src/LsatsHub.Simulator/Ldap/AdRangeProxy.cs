using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace LsatsHub.Simulator.Ldap;

/// <summary>
/// Active Directory's range retrieval in front of the simulated AD: a loopback LDAP proxy (plain LDAP) that forwards
/// every message to slapd unchanged, except that a multi-valued attribute with more values than
/// <see cref="MaxValueRange"/> comes back as AD sends it, <c>member;range=0-1499</c>, and a request for
/// <c>member;range=1500-*</c> is answered with the next part (slapd itself cannot: <c>range=…</c> is not a valid
/// attribute option there). A connector that ignores the range parts then sees an incomplete <c>member</c>.
/// </summary>
/// <remarks>
/// Only the LDAP messages involved are decoded (BER, RFC 4511): SearchRequest attribute lists and SearchResultEntry
/// attributes. Parts are cut from the value order slapd returns, which is the same for every request of an entry.
/// </remarks>
public sealed class AdRangeProxy : IAsyncDisposable
{
    private static readonly Asn1Tag SearchRequestTag = new(TagClass.Application, 3, isConstructed: true);
    private static readonly Asn1Tag SearchResultEntryTag = new(TagClass.Application, 4, isConstructed: true);
    private static readonly Asn1Tag SearchResultDoneTag = new(TagClass.Application, 5, isConstructed: true);
    private const string RangeOption = ";range=";

    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly HashSet<string> _ranged;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _accepting;
    private int _partsServed;

    private AdRangeProxy(int upstreamPort, int maxValueRange, IEnumerable<string> rangedAttributes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValueRange, 1);
        MaxValueRange = maxValueRange;
        _ranged = new HashSet<string>(rangedAttributes, StringComparer.OrdinalIgnoreCase);
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The loopback port clients connect to (plain LDAP).</summary>
    public int Port { get; }

    /// <summary>Most values of one attribute in one answer (AD's MaxValRange policy: 1,500).</summary>
    public int MaxValueRange { get; }

    /// <summary>Attribute parts served with a range option so far.</summary>
    public int PartsServed => Volatile.Read(ref _partsServed);

    /// <summary>Starts a proxy in front of the slapd listening on <paramref name="upstreamPort"/> (plain LDAP, loopback).</summary>
    /// <param name="upstreamPort">slapd's plain LDAP port.</param>
    /// <param name="maxValueRange">Most values per part (1,500 as AD; tests use fewer).</param>
    /// <param name="rangedAttributes">The attributes served in ranges (default <c>member</c>).</param>
    /// <returns>The running proxy.</returns>
    public static AdRangeProxy Start(int upstreamPort, int maxValueRange = 1500, IEnumerable<string>? rangedAttributes = null) =>
        new(upstreamPort, maxValueRange, rangedAttributes ?? ["member"]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _connections.Add(client);
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var upstream = new TcpClient();
        _connections.Add(upstream);
        try
        {
            await upstream.ConnectAsync(_upstream, cancellationToken).ConfigureAwait(false);
            // Message id → attribute → first value index asked for (member;range=1500-* → member → 1500).
            var asked = new ConcurrentDictionary<BigInteger, Dictionary<string, int>>();
            var down = client.GetStream();
            var up = upstream.GetStream();
            var requests = PumpAsync(down, up, message => Request(message, asked), cancellationToken);
            var responses = PumpAsync(up, down, message => Response(message, asked), cancellationToken);
            await Task.WhenAny(requests, responses).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or AsnContentException)
        {
            // The client or slapd went away (or sent what is not LDAP): the connection ends, as with slapd itself.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, Func<byte[], byte[]> rewrite, CancellationToken cancellationToken)
    {
        while (await ReadMessageAsync(from, cancellationToken).ConfigureAwait(false) is { } message)
        {
            await to.WriteAsync(rewrite(message), cancellationToken).ConfigureAwait(false);
        }

        to.Close();
    }

    /// <summary>A SearchRequest asking for <c>attr;range=low-high</c> asks slapd for <c>attr</c>; the range is remembered.</summary>
    private byte[] Request(byte[] message, ConcurrentDictionary<BigInteger, Dictionary<string, int>> asked)
    {
        var (id, op, controls) = Split(message);
        var reader = new AsnReader(op, AsnEncodingRules.BER);
        if (reader.PeekTag() != SearchRequestTag)
        {
            return message;
        }

        var search = reader.ReadSequence(SearchRequestTag);
        var fixedFields = new List<ReadOnlyMemory<byte>>();
        for (var i = 0; i < 7; i++)
        {
            // baseObject, scope, derefAliases, sizeLimit, timeLimit, typesOnly, filter: forwarded as they are.
            fixedFields.Add(search.ReadEncodedValue());
        }

        var names = new List<string>();
        var list = search.ReadSequence();
        while (list.HasData)
        {
            names.Add(System.Text.Encoding.UTF8.GetString(list.ReadOctetString()));
        }

        var ranges = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var at = names[i].IndexOf(RangeOption, StringComparison.OrdinalIgnoreCase);
            var dash = at < 0 ? -1 : names[i].IndexOf('-', at + RangeOption.Length);
            if (dash > 0 && int.TryParse(names[i].AsSpan(at + RangeOption.Length, dash - at - RangeOption.Length), out var low))
            {
                ranges[names[i][..at]] = low;
                names[i] = names[i][..at];
            }
        }

        if (ranges.Count == 0)
        {
            return message;
        }

        asked[id] = ranges;
        return Join(id, controls, writer =>
        {
        using (writer.PushSequence(SearchRequestTag))
        {
            foreach (var field in fixedFields)
            {
                writer.WriteEncodedValue(field.Span);
            }

            using (writer.PushSequence())
            {
                foreach (var name in names)
                {
                    writer.WriteOctetString(System.Text.Encoding.UTF8.GetBytes(name));
                }
            }
        }
        });
    }

    /// <summary>A SearchResultEntry's ranged attributes are cut into the part asked for (from 0 when none was).</summary>
    private byte[] Response(byte[] message, ConcurrentDictionary<BigInteger, Dictionary<string, int>> asked)
    {
        var (id, op, controls) = Split(message);
        var reader = new AsnReader(op, AsnEncodingRules.BER);
        var tag = reader.PeekTag();
        if (tag == SearchResultDoneTag)
        {
            asked.TryRemove(id, out _);
            return message;
        }

        if (tag != SearchResultEntryTag)
        {
            return message;
        }

        var entry = reader.ReadSequence(SearchResultEntryTag);
        var name = entry.ReadEncodedValue();
        var attributes = new List<(string Type, List<byte[]> Values)>();
        var list = entry.ReadSequence();
        while (list.HasData)
        {
            var attribute = list.ReadSequence();
            var type = System.Text.Encoding.UTF8.GetString(attribute.ReadOctetString());
            var values = new List<byte[]>();
            var set = attribute.ReadSetOf();
            while (set.HasData)
            {
                values.Add(set.ReadOctetString());
            }

            attributes.Add((type, values));
        }

        asked.TryGetValue(id, out var ranges);
        var changed = false;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (type, values) = attributes[i];
            if (!_ranged.Contains(type))
            {
                continue;
            }

            var from = 0;
            var wanted = ranges is not null && ranges.TryGetValue(type, out from);
            var low = from;
            if (!wanted && values.Count <= MaxValueRange)
            {
                continue;
            }

            var high = low + MaxValueRange - 1;
            var last = high >= values.Count - 1;
            var part = values.Skip(low).Take(MaxValueRange).ToList();
            attributes[i] = ($"{type}{RangeOption}{low}-{(last ? "*" : high.ToString(System.Globalization.CultureInfo.InvariantCulture))}", part);
            Interlocked.Increment(ref _partsServed);
            changed = true;
        }

        if (!changed)
        {
            return message;
        }

        return Join(id, controls, writer =>
        {
        using (writer.PushSequence(SearchResultEntryTag))
        {
            writer.WriteEncodedValue(name.Span);
            using (writer.PushSequence())
            {
                foreach (var (type, values) in attributes)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteOctetString(System.Text.Encoding.UTF8.GetBytes(type));
                        using (writer.PushSetOf())
                        {
                            foreach (var value in values)
                            {
                                writer.WriteOctetString(value);
                            }
                        }
                    }
                }
            }
        }
        });
    }

    /// <summary>LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls [0] OPTIONAL }.</summary>
    private static (BigInteger Id, ReadOnlyMemory<byte> Op, ReadOnlyMemory<byte>? Controls) Split(byte[] message)
    {
        var sequence = new AsnReader(message, AsnEncodingRules.BER).ReadSequence();
        var id = sequence.ReadInteger();
        var op = sequence.ReadEncodedValue();
        // Not "? … : null": null would become an empty ReadOnlyMemory (the implicit conversion from a null array).
        ReadOnlyMemory<byte>? controls = sequence.HasData ? sequence.ReadEncodedValue() : default(ReadOnlyMemory<byte>?);
        return (id, op, controls);
    }

    private static byte[] Join(BigInteger id, ReadOnlyMemory<byte>? controls, Action<AsnWriter> op)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(id);
            op(writer);
            if (controls is { } c)
            {
                writer.WriteEncodedValue(c.Span);
            }
        }

        return writer.Encode();
    }

    /// <summary>One whole BER element (tag, definite length, contents) from the stream; null at its end.</summary>
    private static async Task<byte[]?> ReadMessageAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        if (await stream.ReadAtLeastAsync(head, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 2)
        {
            return null;
        }

        long length = head[1];
        var lengthBytes = Array.Empty<byte>();
        if ((head[1] & 0x80) != 0)
        {
            lengthBytes = new byte[head[1] & 0x7f];
            if (lengthBytes.Length is 0 or > 4)
            {
                throw new IOException("not an LDAP message (indefinite or oversized length)");
            }

            await stream.ReadExactlyAsync(lengthBytes, cancellationToken).ConfigureAwait(false);
            length = 0;
            foreach (var b in lengthBytes)
            {
                length = (length << 8) | b;
            }
        }

        var message = new byte[2 + lengthBytes.Length + length];
        head.CopyTo(message, 0);
        lengthBytes.CopyTo(message, 2);
        await stream.ReadExactlyAsync(message.AsMemory(2 + lengthBytes.Length), cancellationToken).ConfigureAwait(false);
        return message;
    }
}
