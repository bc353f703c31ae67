namespace LsatsHub.Benchmarks;

/// <summary>What a suite hands its command: a table for people and a JSON file for tools.</summary>
public interface ISuiteReport
{
    /// <summary>Prints the figures as a table.</summary>
    void Print(TextWriter output);

    /// <summary>Writes the figures as JSON to <paramref name="path"/>.</summary>
    Task WriteJsonAsync(string path, CancellationToken cancellationToken);
}
