namespace LsatsHub.Simulator.Hosting;

/// <summary>One request as a simulator saw it (path normalised: repeated slashes collapsed, base path removed).</summary>
public sealed record JournalEntry(string Method, string Path, string Query, string Body, DateTimeOffset Time, int Status);
