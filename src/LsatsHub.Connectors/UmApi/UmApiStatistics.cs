namespace LsatsHub.Connectors.UmApi;

/// <summary>What one client sent and met, for the run record (<c>api_calls</c>, <c>rate_limited_responses</c>). Thread-safe.</summary>
public sealed class UmApiStatistics
{
    private long _apiCalls;
    private long _tokenRequests;
    private long _rateLimited;
    private long _transientFailures;
    private long _unauthorized;

    /// <summary>Every HTTP request sent, token requests included.</summary>
    public long ApiCalls => Interlocked.Read(ref _apiCalls);

    /// <summary>Token requests sent.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>429 answers met (each was waited out).</summary>
    public long RateLimitedResponses => Interlocked.Read(ref _rateLimited);

    /// <summary>5xx answers, dropped connections, timeouts and cut-off bodies met (each was retried or failed the fetch).</summary>
    public long TransientFailures => Interlocked.Read(ref _transientFailures);

    /// <summary>401 answers to data requests (each made the client fetch a new token once).</summary>
    public long UnauthorizedResponses => Interlocked.Read(ref _unauthorized);

    internal void CountCall() => Interlocked.Increment(ref _apiCalls);

    internal void CountTokenRequest()
    {
        Interlocked.Increment(ref _apiCalls);
        Interlocked.Increment(ref _tokenRequests);
    }

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountTransientFailure() => Interlocked.Increment(ref _transientFailures);

    internal void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);
}
