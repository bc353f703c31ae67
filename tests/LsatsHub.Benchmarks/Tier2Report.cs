using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks;

/// <summary>What the tier-2 suite measured: the machine, the world, one <see cref="Tier2Figure"/> per step, peak memory.</summary>
/// <param name="Suite">The suite (<c>tier2</c>).</param>
/// <param name="StartedAt">When the measuring started (UTC).</param>
/// <param name="Machine">The machine and server measured on.</param>
/// <param name="Scale">World scale.</param>
/// <param name="Seed">World seed.</param>
/// <param name="Runs">Timed runs per measurement.</param>
/// <param name="PeakWorkingSetMiB">Peak resident memory of this process while measuring (the steps run in it as in lsats-run).</param>
/// <param name="Steps">The figures, one per step.</param>
/// <param name="LargeGroup">What one 20,000-member group costs group_members per member (null when group_members was not measured).</param>
/// <param name="SmallChange">group_members after a few groups changed (null when group_members was not measured).</param>
public sealed record Tier2Report(
    string Suite,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    double Scale,
    int Seed,
    int Runs,
    double PeakWorkingSetMiB,
    IReadOnlyList<Tier2Figure> Steps,
    LargeGroupFigure? LargeGroup,
    SmallChangeFigure? SmallChange) : ISuiteReport
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
        output.WriteLine("first = build into empty tables; rerun = nothing changed; limit = bare INSERT ... SELECT of the same rows into copies without indexes");
        output.WriteLine("s = wall seconds, cpu = server CPU seconds of the database's backends (compare these on a loaded machine)");
        output.WriteLine();
        var header = string.Create(culture, $"{"step",-26} {"rows",9} {"first s",8} {"cpu",7} {"rerun s",8} {"cpu",7} {"limit s",8} {"cpu",7} {"cpu x",6}");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var step in Steps)
        {
            output.WriteLine(string.Create(culture, $"{step.Step,-26} {step.Rows,9} {step.First,8:0.000} {step.FirstCpu,7:0.00} {step.Rerun,8:0.000} {step.RerunCpu,7:0.00} {step.Limit,8:0.000} {step.LimitCpu,7:0.00} {step.CpuRatio,6:0.0}"));
        }

        output.WriteLine(new string('-', header.Length));
        output.WriteLine(string.Create(
            culture,
            $"{"total",-26} {Steps.Sum(s => s.Rows),9} {Steps.Sum(s => s.First),8:0.000} {Steps.Sum(s => s.FirstCpu),7:0.00} {Steps.Sum(s => s.Rerun),8:0.000} {Steps.Sum(s => s.RerunCpu),7:0.00} {Steps.Sum(s => s.Limit),8:0.000} {Steps.Sum(s => s.LimitCpu),7:0.00}"));
        if (LargeGroup is not null)
        {
            output.WriteLine(LargeGroup.ToString());
        }

        if (SmallChange is not null)
        {
            output.WriteLine(SmallChange.ToString());
        }

        output.WriteLine(string.Create(culture, $"peak resident memory of the benchmark process: {PeakWorkingSetMiB:0} MiB"));
    }

    /// <summary>Writes the report as JSON.</summary>
    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }
}
