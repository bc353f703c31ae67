using System.Buffers;
using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LsatsHub.Simulator.Ldap;

/// <summary>
/// Active Directory's range retrieval in front of the simulated AD: a loopback LDAP proxy that forwards every message
/// to slapd unchanged, except that a multi-valued attribute with more values than <see cref="MaxValueRange"/> comes
/// back as AD sends it, <c>member;range=0-1499</c>, and a request for <c>member;range=1500-*</c> is answered with the
/// next part (slapd itself cannot: <c>range=…</c> is not a valid attribute option there). A connector that ignores
/// the range parts then sees an incomplete <c>member</c>. Plain LDAP always; LDAPS too when started with a
/// certificate (TLS ends at the proxy, which talks plain LDAP to slapd on loopback).
/// </summary>
/// <remarks>
/// Only the LDAP messages involved are decoded (BER, RFC 4511): SearchRequest attribute lists and SearchResultEntry
/// attributes; every other message is copied through as bytes, many per socket write. Parts are cut from the value
/// order slapd returns, which is the same for every request of an entry. A StartTLS request on the plain port is
/// passed to slapd, and from its answer on the connection is relayed byte for byte (TLS then ends at slapd, and no
/// ranges are cut on that connection).
/// </remarks>
public sealed class AdRangeProxy : IAsyncDisposable
{
    private const byte SequenceTag = 0x30;
    private const byte IntegerTag = 0x02;
    private const byte SearchRequestTag = 0x63; // [APPLICATION 3] constructed
    private const byte SearchResultEntryTag = 0x64; // [APPLICATION 4] constructed
    private const byte SearchResultDoneTag = 0x65; // [APPLICATION 5] constructed
    private const byte ExtendedRequestTag = 0x77; // [APPLICATION 23] constructed
    private const byte ExtendedResponseTag = 0x78; // [APPLICATION 24] constructed
    private const int BufferSize = 64 * 1024;
    private const string RangeOption = ";range=";
    private static readonly byte[] StartTlsOid = Encoding.ASCII.GetBytes("1.3.6.1.4.1.1466.20037");

    private readonly TcpListener _listener;
    private readonly TcpListener? _tlsListener;
    private readonly X509Certificate2? _certificate;
    private readonly IPEndPoint _upstream;
    private readonly HashSet<string> _ranged;
    private readonly byte[][] _rangedNames;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly Task _accepting;
    private readonly Task _acceptingTls;
    private int _partsServed;

    private AdRangeProxy(int upstreamPort, int maxValueRange, IEnumerable<string> rangedAttributes, X509Certificate2? certificate, int tlsPort = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValueRange, 1);
        MaxValueRange = maxValueRange;
        _ranged = new HashSet<string>(rangedAttributes, StringComparer.OrdinalIgnoreCase);
        _rangedNames = [.. _ranged.Select(Encoding.ASCII.GetBytes)];
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _certificate = certificate;

        // The asked-for TLS port (the one a previous serve wrote into .env) is bound before the plain port is picked,
        // which could otherwise be handed exactly that port.
        if (certificate is not null)
        {
            _tlsListener = new TcpListener(IPAddress.Loopback, tlsPort);
            _tlsListener.Start();
            TlsPort = ((IPEndPoint)_tlsListener.LocalEndpoint).Port;
        }

        _listener = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            _listener.Start();
        }
        catch (SocketException)
        {
            _tlsListener?.Dispose();
            throw;
        }

        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;

        _accepting = AcceptAsync(_listener, tls: false, _stop.Token);
        _acceptingTls = _tlsListener is null ? Task.CompletedTask : AcceptAsync(_tlsListener, tls: true, _stop.Token);
    }

    /// <summary>The loopback port clients connect to (plain LDAP).</summary>
    public int Port { get; }

    /// <summary>The loopback LDAPS port (TLS from the first byte, as AD's 636); null when started without a certificate.</summary>
    public int? TlsPort { get; }

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
        new(upstreamPort, maxValueRange, rangedAttributes ?? ["member"], certificate: null);

    /// <summary>As <see cref="Start(int, int, IEnumerable{string})"/>, also serving LDAPS on <see cref="TlsPort"/> with the given certificate and key (PEM files, e.g. slapd's own).</summary>
    /// <param name="upstreamPort">slapd's plain LDAP port.</param>
    /// <param name="certificatePem">The server certificate (PEM).</param>
    /// <param name="keyPem">Its private key (PEM).</param>
    /// <param name="maxValueRange">Most values per part.</param>
    /// <param name="tlsPort">The LDAPS port (0 = any free port).</param>
    /// <returns>The running proxy.</returns>
    public static AdRangeProxy StartWithTls(int upstreamPort, string certificatePem, string keyPem, int maxValueRange = 1500, int tlsPort = 0) =>
        new(upstreamPort, maxValueRange, ["member"], X509Certificate2.CreateFromPemFile(certificatePem, keyPem), tlsPort);

    /// <summary>
    /// The simulated AD as clients of a real one see it: this proxy in front of <paramref name="server"/>'s AD slapd,
    /// on plain LDAP and LDAPS (slapd's own certificate, so the same CA folder is trusted).
    /// </summary>
    /// <param name="server">The running slapd servers.</param>
    /// <param name="maxValueRange">Most values per part (AD's 1,500 by default).</param>
    /// <param name="tlsPort">The LDAPS port (0 = any free port).</param>
    /// <returns>The running proxy.</returns>
    public static AdRangeProxy InFrontOf(SlapdServer server, int maxValueRange = 1500, int tlsPort = 0)
    {
        ArgumentNullException.ThrowIfNull(server);
        return StartWithTls(server.Port, server.ServerCertificate, server.ServerKey, maxValueRange, tlsPort);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _tlsListener?.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        await Task.WhenAll(_accepting, _acceptingTls).ConfigureAwait(false);
        _certificate?.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, bool tls, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, tls, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, bool tls, CancellationToken cancellationToken)
    {
        using var upstream = new TcpClient();
        _connections.TryAdd(client, 0);
        _connections.TryAdd(upstream, 0);
        try
        {
            // Requests and answers are small and alternate (a page request, its page): Nagle would hold them back.
            client.NoDelay = true;
            upstream.NoDelay = true;
            await upstream.ConnectAsync(_upstream, cancellationToken).ConfigureAwait(false);
            Stream down = client.GetStream();
            if (tls)
            {
                var secure = new SslStream(down, leaveInnerStreamOpen: false);
                down = secure;
                await secure.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken).ConfigureAwait(false);
            }

            await using (down.ConfigureAwait(false))
            {
                var connection = new AdRangeProxyConnection();
                var up = upstream.GetStream();
                var requests = PumpAsync(down, up, message => Request(message, connection), connection, isRequests: true, cancellationToken);
                var responses = PumpAsync(up, down, message => Response(message, connection), connection, isRequests: false, cancellationToken);
                await Task.WhenAny(requests, responses).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                              or AsnContentException or System.Security.Authentication.AuthenticationException)
        {
            // The client or slapd went away (or sent what is not LDAP): the connection ends, as with slapd itself.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Dispose();
        }
    }

    /// <summary>
    /// Copies whole LDAP messages from <paramref name="from"/> to <paramref name="to"/>: reads what is there into one
    /// buffer, passes each complete message through <paramref name="rewrite"/> (null = unchanged, copied as bytes) and
    /// writes everything of one read with one write.
    /// </summary>
    private static async Task PumpAsync(Stream from, Stream to, Func<ReadOnlyMemory<byte>, byte[]?> rewrite, AdRangeProxyConnection connection, bool isRequests, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var output = new ArrayBufferWriter<byte>(BufferSize);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One message larger than the buffer (a group with thousands of members): grow to hold it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await from.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var offset = 0;
                var passThrough = false;
                while (!passThrough && FrameLength(buffer.AsSpan(offset, filled - offset)) is { } length && length <= filled - offset)
                {
                    var message = buffer.AsMemory(offset, length);
                    output.Write(rewrite(message) is { } rewritten ? rewritten : message.Span);
                    offset += length;
                    // After a StartTLS request (client side) or its answer (server side) the bytes are TLS records.
                    passThrough = isRequests ? connection.StartTlsRequested : connection.StartTlsAnswered;
                }

                if (passThrough)
                {
                    output.Write(buffer.AsSpan(offset, filled - offset));
                    offset = filled;
                }

                if (output.WrittenCount > 0)
                {
                    await to.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    output.ResetWrittenCount();
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
                if (passThrough)
                {
                    await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
                    break;
                }
            }

            if (filled > 0)
            {
                throw new IOException("the connection ended inside an LDAP message");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            to.Close();
        }
    }

    /// <summary>The whole length of the BER element at the start of <paramref name="data"/>; null until its header is complete.</summary>
    private static int? FrameLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return null;
        }

        if (data[0] != SequenceTag)
        {
            throw new IOException("not an LDAP message (expected a SEQUENCE)");
        }

        if ((data[1] & 0x80) == 0)
        {
            return 2 + data[1];
        }

        var count = data[1] & 0x7f;
        if (count is 0 or > 4)
        {
            throw new IOException("not an LDAP message (indefinite or oversized length)");
        }

        if (data.Length < 2 + count)
        {
            return null;
        }

        long length = 0;
        for (var i = 0; i < count; i++)
        {
            length = (length << 8) | data[2 + i];
        }

        return length > int.MaxValue - 6 ? throw new IOException("LDAP message too large") : 2 + count + (int)length;
    }

    /// <summary>The message id and the tag byte of the protocol operation, read without decoding the rest.</summary>
    private static (int Id, byte Op) Peek(ReadOnlySpan<byte> message)
    {
        AsnDecoder.ReadSequence(message, AsnEncodingRules.BER, out var contentOffset, out var contentLength, out _);
        var content = message.Slice(contentOffset, contentLength);
        if (content.IsEmpty || content[0] != IntegerTag || !AsnDecoder.TryReadInt32(content, AsnEncodingRules.BER, out var id, out var consumed) || consumed >= content.Length)
        {
            throw new AsnContentException("not an LDAP message (no message id)");
        }

        return (id, content[consumed]);
    }

    /// <summary>A SearchRequest asking for <c>attr;range=low-high</c> asks slapd for <c>attr</c>; the range is remembered.</summary>
    private byte[]? Request(ReadOnlyMemory<byte> message, AdRangeProxyConnection connection)
    {
        var (id, op) = Peek(message.Span);
        if (op == ExtendedRequestTag)
        {
            var (_, operation, _) = Split(message);
            var extended = new AsnReader(operation, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.Application, 23, isConstructed: true));
            if (extended.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0)).AsSpan().SequenceEqual(StartTlsOid))
            {
                connection.StartTls(id);
            }

            return null;
        }

        if (op != SearchRequestTag || !ContainsRangeOption(message.Span))
        {
            return null;
        }

        var (_, op2, controls) = Split(message);
        var search = new AsnReader(op2, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.Application, 3, isConstructed: true));
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
            names.Add(Encoding.UTF8.GetString(list.ReadOctetString()));
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
            return null;
        }

        connection.Asked[id] = ranges;
        return Join(id, controls, writer =>
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.Application, 3, isConstructed: true)))
            {
                foreach (var field in fixedFields)
                {
                    writer.WriteEncodedValue(field.Span);
                }

                using (writer.PushSequence())
                {
                    foreach (var name in names)
                    {
                        writer.WriteOctetString(Encoding.UTF8.GetBytes(name));
                    }
                }
            }
        });
    }

    /// <summary>A SearchResultEntry's ranged attributes are cut into the part asked for (from 0 when none was).</summary>
    private byte[]? Response(ReadOnlyMemory<byte> message, AdRangeProxyConnection connection)
    {
        var (id, op) = Peek(message.Span);
        switch (op)
        {
            case SearchResultDoneTag:
                if (!connection.Asked.IsEmpty)
                {
                    connection.Asked.TryRemove(id, out _);
                }

                return null;
            case ExtendedResponseTag:
                connection.Answered(id);
                return null;
            case SearchResultEntryTag:
                break;
            default:
                return null;
        }

        connection.Asked.TryGetValue(id, out var ranges);
        if (ranges is null && !HasLongRangedAttribute(message.Span))
        {
            // The common case (almost every entry): nothing to cut, the bytes go through as they came.
            return null;
        }

        var (_, operation, controls) = Split(message);
        var entry = new AsnReader(operation, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.Application, 4, isConstructed: true));
        var name = entry.ReadEncodedValue();
        var attributes = new List<(string Type, List<byte[]> Values)>();
        var list = entry.ReadSequence();
        while (list.HasData)
        {
            var attribute = list.ReadSequence();
            var type = Encoding.UTF8.GetString(attribute.ReadOctetString());
            var values = new List<byte[]>();
            var set = attribute.ReadSetOf();
            while (set.HasData)
            {
                values.Add(set.ReadOctetString());
            }

            attributes.Add((type, values));
        }

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
            return null;
        }

        return Join(id, controls, writer =>
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.Application, 4, isConstructed: true)))
            {
                writer.WriteEncodedValue(name.Span);
                using (writer.PushSequence())
                {
                    foreach (var (type, values) in attributes)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(Encoding.UTF8.GetBytes(type));
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

    /// <summary>Whether the request names an attribute with a range option at all (a byte search before any decoding).</summary>
    private static bool ContainsRangeOption(ReadOnlySpan<byte> message)
    {
        var option = ";range="u8;
        for (var at = message.IndexOf((byte)';'); at >= 0; at = message.IndexOf((byte)';'))
        {
            message = message[at..];
            if (message.Length >= option.Length && System.Text.Ascii.EqualsIgnoreCase(message[..option.Length], option))
            {
                return true;
            }

            message = message[1..];
        }

        return false;
    }

    /// <summary>Whether the entry carries a ranged attribute with more values than <see cref="MaxValueRange"/>, walked without allocating.</summary>
    private bool HasLongRangedAttribute(ReadOnlySpan<byte> message)
    {
        AsnDecoder.ReadSequence(message, AsnEncodingRules.BER, out var offset, out var length, out _);
        var content = message.Slice(offset, length);
        AsnDecoder.ReadEncodedValue(content, AsnEncodingRules.BER, out _, out _, out var idLength);
        content = content[idLength..];
        AsnDecoder.ReadSequence(content, AsnEncodingRules.BER, out offset, out length, out _, new Asn1Tag(TagClass.Application, 4, isConstructed: true));
        var entry = content.Slice(offset, length);
        AsnDecoder.ReadEncodedValue(entry, AsnEncodingRules.BER, out _, out _, out var nameLength);
        entry = entry[nameLength..];
        AsnDecoder.ReadSequence(entry, AsnEncodingRules.BER, out offset, out length, out _);
        var list = entry.Slice(offset, length);
        while (!list.IsEmpty)
        {
            AsnDecoder.ReadSequence(list, AsnEncodingRules.BER, out offset, out length, out var attributeLength);
            var attribute = list.Slice(offset, length);
            list = list[attributeLength..];
            AsnDecoder.ReadEncodedValue(attribute, AsnEncodingRules.BER, out var typeOffset, out var typeLength, out var typeConsumed);
            var type = attribute.Slice(typeOffset, typeLength);
            if (!IsRanged(type))
            {
                continue;
            }

            AsnDecoder.ReadSetOf(attribute[typeConsumed..], AsnEncodingRules.BER, out offset, out length, out _);
            var values = attribute.Slice(typeConsumed + offset, length);
            var count = 0;
            while (!values.IsEmpty)
            {
                AsnDecoder.ReadEncodedValue(values, AsnEncodingRules.BER, out _, out _, out var valueLength);
                values = values[valueLength..];
                if (++count > MaxValueRange)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsRanged(ReadOnlySpan<byte> type)
    {
        foreach (var name in _rangedNames)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(type, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls [0] OPTIONAL }.</summary>
    private static (int Id, ReadOnlyMemory<byte> Op, ReadOnlyMemory<byte>? Controls) Split(ReadOnlyMemory<byte> message)
    {
        var sequence = new AsnReader(message, AsnEncodingRules.BER).ReadSequence();
        if (!sequence.TryReadInt32(out var id))
        {
            throw new AsnContentException("not an LDAP message (message id out of range)");
        }

        var op = sequence.ReadEncodedValue();
        // Not "? … : null": null would become an empty ReadOnlyMemory (the implicit conversion from a null array).
        ReadOnlyMemory<byte>? controls = sequence.HasData ? sequence.ReadEncodedValue() : default(ReadOnlyMemory<byte>?);
        return (id, op, controls);
    }

    private static byte[] Join(int id, ReadOnlyMemory<byte>? controls, Action<AsnWriter> op)
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
}
