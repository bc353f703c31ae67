using System.Runtime.CompilerServices;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Runs an asynchronous call per item with at most a given number in flight, and yields the results in the order of
/// the items (not of completion), so what is written does not depend on which call happened to answer first.
/// </summary>
internal static class InOrderConcurrency
{
    /// <summary>
    /// <paramref name="call"/> for every item of <paramref name="items"/>, at most <paramref name="maxInFlight"/> at once.
    /// The first failure (in item order) ends the stream with that exception; calls still in flight are then cancelled
    /// and awaited before the stream ends, so none outlives it.
    /// </summary>
    public static async IAsyncEnumerable<TResult> SelectAsync<TItem, TResult>(
        IAsyncEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> call,
        int maxInFlight,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<TResult>>(maxInFlight);
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                if (window.Count == maxInFlight)
                {
                    yield return await window.Dequeue();
                }

                window.Enqueue(StartAsync(call, item, inFlight.Token));
            }

            while (window.Count > 0)
            {
                yield return await window.Dequeue();
            }
        }
        finally
        {
            // Reached on failure, on cancellation and when the consumer stops early: nothing keeps calling after that.
            await inFlight.CancelAsync();
            foreach (var pending in window)
            {
                try
                {
                    await pending;
                }
                catch (Exception)
                {
                    // Their outcome no longer matters; the stream already ended with the first failure or the cancellation.
                }
            }
        }
    }

    // Async so that a call that throws before its first await becomes a faulted task in its place, not a throw here.
    private static async Task<TResult> StartAsync<TItem, TResult>(Func<TItem, CancellationToken, Task<TResult>> call, TItem item, CancellationToken cancellationToken) =>
        await call(item, cancellationToken).ConfigureAwait(false);
}
