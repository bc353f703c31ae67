namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Cuts one stream into consecutive chunks, each ending after <c>maxItems</c> items or at the first item that arrives
/// <c>maxAge</c> after the chunk's first item, whichever comes first. A chunk is never empty. Used for writes that
/// each commit their chunk: size bounds a transaction's work, age bounds what a stopped run loses when items are slow
/// (a rate-limited API answers about once a second).
/// </summary>
/// <typeparam name="T">The item.</typeparam>
internal sealed class StreamChunks<T> : IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _items;
    private readonly int _maxItems;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _clock;
    private bool? _hasCurrent;

    public StreamChunks(IAsyncEnumerable<T> items, int maxItems, TimeSpan maxAge, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        _items = items.GetAsyncEnumerator(cancellationToken);
        _maxItems = maxItems;
        _maxAge = maxAge;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Whether another chunk follows (reads ahead one item).</summary>
    public async ValueTask<bool> HasNextAsync()
    {
        _hasCurrent ??= await _items.MoveNextAsync();
        return _hasCurrent.Value;
    }

    /// <summary>The next chunk; enumerate it completely before asking <see cref="HasNextAsync"/> again.</summary>
    public async IAsyncEnumerable<T> NextAsync()
    {
        if (!await HasNextAsync())
        {
            yield break;
        }

        var started = _clock.GetTimestamp();
        var count = 0;
        while (_hasCurrent == true)
        {
            yield return _items.Current;
            count++;
            _hasCurrent = null;
            if (count >= _maxItems || _clock.GetElapsedTime(started) >= _maxAge)
            {
                yield break;
            }

            _hasCurrent = await _items.MoveNextAsync();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _items.DisposeAsync();
}
