using System.Collections.Concurrent;

namespace LsatsHub.Simulator.Ldap;

/// <summary>What one proxied connection's two directions share: the ranges asked for per message id, and StartTLS.</summary>
internal sealed class AdRangeProxyConnection
{
    private const int NoStartTls = -1;
    private int _startTlsId = NoStartTls;
    private volatile bool _startTlsAnswered;

    /// <summary>Message id → attribute → first value index asked for (member;range=1500-* → member → 1500).</summary>
    public ConcurrentDictionary<int, Dictionary<string, int>> Asked { get; } = new();

    /// <summary>The client asked for StartTLS: from here on its bytes are TLS records.</summary>
    public bool StartTlsRequested => Volatile.Read(ref _startTlsId) != NoStartTls;

    /// <summary>slapd answered the StartTLS request: from here on its bytes are TLS records (or, had it refused, plain LDAP relayed as is).</summary>
    public bool StartTlsAnswered => _startTlsAnswered;

    /// <summary>Notes the StartTLS request's message id.</summary>
    public void StartTls(int messageId) => Volatile.Write(ref _startTlsId, messageId);

    /// <summary>Notes an ExtendedResponse; the one answering the StartTLS request switches the answers to relaying.</summary>
    public void Answered(int messageId)
    {
        if (messageId == Volatile.Read(ref _startTlsId))
        {
            _startTlsAnswered = true;
        }
    }
}
