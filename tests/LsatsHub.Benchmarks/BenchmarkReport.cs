using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks;

/// <summary>
/// What a suite measured: the machine, the world, and one <see cref="StepFigure"/> per step. The JSON keeps the suite's
/// name at the top so that later suites (the full DAG, issue 15) write the same shape with their own figures.
/// </summary>
/// <param name="Suite">The suite (<c>tier1</c>).</param>
/// <param name="StartedAt">When the measuring started (UTC).</param>
/// <param name="Machine">The machine and server measured on.</param>
/// <param name="Scale">World scale.</param>
/// <param name="Seed">World seed.</param>
/// <param name="Runs">Timed runs per measurement.</param>
/// <param name="Steps">The figures, one per step.</param>
public sealed record BenchmarkReport(
    string Suite,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    double Scale,
    int Seed,
    int Runs,
    IReadOnlyList<StepFigure> Steps)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Prints the figures as a table, medians of the runs.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"suite {Suite}: scale {Scale}, seed {Seed}, median of {Runs} run(s); {Machine}"));
        output.WriteLine("limit = bare INSERT ... SELECT of the same rows into a copy of the table without indexes, same database, same run");
        output.WriteLine();
        var header = string.Create(culture, $"{"step",-42} {"rows",9} {"our s",8} {"limit s",8} {"ratio",6} {"rows/s",9} {"rerun s",8}");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var step in Steps)
        {
            output.WriteLine(string.Create(culture, $"{step.Step,-42} {step.Rows,9} {step.Ours,8:0.000} {step.Limit,8:0.000} {step.Ratio,6:0.00} {step.RowsPerSecond,9:0} {step.RerunSeconds,8:0.000}"));
        }

        var ours = Steps.Sum(step => step.Ours);
        var limit = Steps.Sum(step => step.Limit);
        output.WriteLine(new string('-', header.Length));
        output.WriteLine(string.Create(culture, $"{"total",-42} {Steps.Sum(step => step.Rows),9} {ours,8:0.000} {limit,8:0.000} {(limit > 0 ? ours / limit : double.NaN),6:0.00}"));
    }

    /// <summary>Writes the report as JSON.</summary>
    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }
}
