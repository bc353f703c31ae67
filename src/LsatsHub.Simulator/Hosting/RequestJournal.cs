using System.Collections.Concurrent;

namespace LsatsHub.Simulator.Hosting;

/// <summary>Every request a simulator received, in arrival order, for tests to assert on.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<JournalEntry> _entries = new();

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<JournalEntry> Entries => [.. _entries];

    /// <summary>Records one request.</summary>
    public void Add(JournalEntry entry) => _entries.Enqueue(entry);

    /// <summary>Forgets everything recorded so far.</summary>
    public void Clear() => _entries.Clear();
}
