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
    IReadOnlyList<StepFigure> Steps) : ISuiteReport
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
        output.WriteLine("limit = bare INSERT ... SELECT of the step's columns out of the newest bronze version of each entity (->> and a plain cast, record");
        output.WriteLine("        decompressed once) into an unindexed copy; copy = bare INSERT ... SELECT * of the rows the step wrote; same database, same run");
        output.WriteLine("cpu = server CPU seconds of the database's backends (parallel query off in this database, so all of it is theirs); ratio = our cpu / limit cpu");
        output.WriteLine();
        var header = string.Create(culture, $"{"step",-34} {"rows",8} {"our s",7} {"cpu",6} {"limit s",7} {"cpu",6} {"copy s",6} {"cpu",5} {"ratio",5} {"rows/cpu s",10} {"rerun s",7} {"cpu",5}");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var step in Steps)
        {
            output.WriteLine(string.Create(culture, $"{step.Step,-34} {step.Rows,8} {step.Ours,7:0.000} {step.OursCpu,6:0.00} {step.LimitWall,7:0.000} {step.LimitCpu,6:0.00} {step.Copy,6:0.000} {step.CopyCpu,5:0.00} {step.Ratio,5:0.0} {step.RowsPerCpuSecond,10:0} {step.RerunSeconds,7:0.000} {step.RerunCpuSeconds,5:0.00}"));
        }

        output.WriteLine(new string('-', header.Length));
        var ours = Steps.Sum(step => step.OursCpu);
        var limit = Steps.Sum(step => step.LimitCpu);
        output.WriteLine(string.Create(culture, $"{"total",-34} {Steps.Sum(step => step.Rows),8} {Steps.Sum(step => step.Ours),7:0.000} {ours,6:0.00} {Steps.Sum(step => step.LimitWall),7:0.000} {limit,6:0.00} {Steps.Sum(step => step.Copy),6:0.000} {Steps.Sum(step => step.CopyCpu),5:0.00} {(limit > 0 ? ours / limit : double.NaN),5:0.0}"));
        output.WriteLine();
        foreach (var step in Steps)
        {
            output.WriteLine(step.Limit);
        }
    }

    /// <summary>Writes the report as JSON.</summary>
    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }
}
