namespace LsatsHub.Simulator.Hosting;

/// <summary>Switchable faults; tests flip them while the server runs. Thread-safe.</summary>
public sealed class FaultSettings
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Dictionary<string, int> _forcedRateLimits = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _failingTickets = [];
    private int _dropped;
    private int _malformed;
    private int _emptyBodies;
    private int _serverErrors;

    /// <summary>Faults with a seeded random for the error rate.</summary>
    public FaultSettings(int seed) => _random = new Random(seed);

    /// <summary>Fraction (0..1) of requests answered with HTTP 500.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Delay added before every response.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The next <paramref name="count"/> requests answer HTTP 500 (before <see cref="ServerErrorRate"/> is drawn), e.g. a burst a retry must outlast.</summary>
    public void ServerErrorNext(int count)
    {
        lock (_gate)
        {
            _serverErrors += count;
        }
    }

    /// <summary>The next <paramref name="count"/> requests have their connection dropped without an answer.</summary>
    public void DropNextConnections(int count)
    {
        lock (_gate)
        {
            _dropped += count;
        }
    }

    /// <summary>The next <paramref name="count"/> successful JSON answers are cut off mid-body.</summary>
    public void MalformNextBodies(int count)
    {
        lock (_gate)
        {
            _malformed += count;
        }
    }

    /// <summary>The next <paramref name="count"/> successful answers are 200 with an empty body.</summary>
    public void EmptyNextBodies(int count)
    {
        lock (_gate)
        {
            _emptyBodies += count;
        }
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="route"/> ("METHOD path-template", or "*") answer 429.</summary>
    public void RateLimitNext(string route, int count)
    {
        lock (_gate)
        {
            _forcedRateLimits[route] = _forcedRateLimits.GetValueOrDefault(route) + count;
        }
    }

    /// <summary>Every request about ticket <paramref name="ticketId"/> (a path with <c>tickets/{id}</c>) answers HTTP 500 until <see cref="Reset"/> or <see cref="HealTicket"/>.</summary>
    public void FailTicket(int ticketId)
    {
        lock (_gate)
        {
            _failingTickets.Add(ticketId);
        }
    }

    /// <summary>Ticket <paramref name="ticketId"/> answers normally again.</summary>
    public void HealTicket(int ticketId)
    {
        lock (_gate)
        {
            _failingTickets.Remove(ticketId);
        }
    }

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _forcedRateLimits.Clear();
            _failingTickets.Clear();
            _dropped = _malformed = _emptyBodies = _serverErrors = 0;
            ServerErrorRate = 0;
            Latency = TimeSpan.Zero;
        }
    }

    internal bool IsTicketFailing(int ticketId)
    {
        lock (_gate)
        {
            return _failingTickets.Contains(ticketId);
        }
    }

    internal bool TakeDrop() => Take(ref _dropped);

    internal bool TakeMalformed() => Take(ref _malformed);

    internal bool TakeEmpty() => Take(ref _emptyBodies);

    internal bool TakeServerError()
    {
        lock (_gate)
        {
            if (_serverErrors > 0)
            {
                _serverErrors--;
                return true;
            }

            return ServerErrorRate > 0 && _random.NextDouble() < ServerErrorRate;
        }
    }

    internal bool TakeForcedRateLimit(string route)
    {
        lock (_gate)
        {
            foreach (var key in new[] { route, "*" })
            {
                if (_forcedRateLimits.TryGetValue(key, out var left) && left > 0)
                {
                    _forcedRateLimits[key] = left - 1;
                    return true;
                }
            }

            return false;
        }
    }

    private bool Take(ref int counter)
    {
        lock (_gate)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }
}
