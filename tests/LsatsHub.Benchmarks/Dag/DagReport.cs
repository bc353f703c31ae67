using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>What the <c>dag</c> suite measured.</summary>
/// <param name="Suite">Always <c>dag</c>.</param>
/// <param name="StartedAt">When measuring started (UTC).</param>
/// <param name="Machine">The machine and server.</param>
/// <param name="Scale">World scale.</param>
/// <param name="Seed">World seed.</param>
/// <param name="Runs">Repetitions of the no-change run, the --target run and each limit.</param>
/// <param name="RealisticRate">Whether TDX was served with its production rate limits.</param>
/// <param name="Generate">lsats-sim generate.</param>
/// <param name="ServeStartupSeconds">Seconds until lsats-sim serve had written its .env, first start.</param>
/// <param name="ServePeakMemoryMb">Peak resident memory of the lsats-sim serve process (VmHWM, without slapd) in MiB, read just before it was stopped after the no-change runs.</param>
/// <param name="FirstRun">The whole DAG on an empty warehouse.</param>
/// <param name="BronzeLimits">Each bronze step of the first run against a binary COPY of its rows.</param>
/// <param name="SilverLimits">Each silver step of the first run against a bare INSERT ... SELECT of its tables.</param>
/// <param name="NoChangeRuns">The whole DAG again at once, nothing changed at the sources.</param>
/// <param name="Mutate">lsats-sim mutate (one month of churn).</param>
/// <param name="ServeRestartSeconds">Seconds until the restarted serve (the mutated world) had written its .env.</param>
/// <param name="ServeRestartPeakMemoryMb">The same for the restarted serve, read after the mutated and --target runs.</param>
/// <param name="MutatedRun">The whole DAG after the month of churn.</param>
/// <param name="TargetRuns">run --target silver.labs --exclude layer:bronze --full-refresh.</param>
public sealed record DagReport(
    string Suite,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    double Scale,
    int Seed,
    int Runs,
    bool RealisticRate,
    ChildResult Generate,
    double ServeStartupSeconds,
    double ServePeakMemoryMb,
    DagRunFigures FirstRun,
    IReadOnlyList<LimitFigure> BronzeLimits,
    IReadOnlyList<LimitFigure> SilverLimits,
    IReadOnlyList<DagRunFigures> NoChangeRuns,
    ChildResult Mutate,
    double ServeRestartSeconds,
    double ServeRestartPeakMemoryMb,
    DagRunFigures MutatedRun,
    IReadOnlyList<DagRunFigures> TargetRuns)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Prints the figures as tables.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(Invariant, $"suite dag: scale {Scale}, seed {Seed}, TDX rate limits {(RealisticRate ? "on" : "off")}; {Machine}"));
        output.WriteLine(string.Create(Invariant, $"generate {Generate.WallSeconds:0.0} s wall ({Generate.CpuSeconds:0.0} s CPU, {Generate.PeakMemoryMb:0} MiB); serve ready in {ServeStartupSeconds:0.0} s (peak {ServePeakMemoryMb:0} MiB), after mutate ({Mutate.WallSeconds:0.0} s) in {ServeRestartSeconds:0.0} s (peak {ServeRestartPeakMemoryMb:0} MiB)"));
        output.WriteLine();
        output.WriteLine("runs (wall = lsats-run process; CPU = user + system of lsats-run; peak = its maximum resident set)");
        var header = string.Create(Invariant, $"{"run",-10} {"status",-10} {"wall s",8} {"CPU s",7} {"peak MiB",8} {"rows in",9} {"rows out",9} {"TDX",6} {"UMich",6} {"LDAP",6} {"429",4}");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var run in AllRuns)
        {
            output.WriteLine(string.Create(Invariant, $"{run.Name,-10} {run.Status,-10} {run.WallSeconds,8:0.0} {run.CpuSeconds,7:0.0} {run.PeakMemoryMb,8:0} {run.RowsRead,9} {run.RowsWritten,9} {run.Calls.TdxApiCalls,6} {run.Calls.UmichApiCalls,6} {run.Calls.LdapSearches,6} {run.Calls.RateLimited,4}"));
        }

        output.WriteLine();
        output.WriteLine("steps: first run, then the first no-change run (s = wall seconds of the step; rows/s = max(rows in, rows out) per second; calls = HTTP calls or LDAP requests)");
        var stepHeader = string.Create(Invariant, $"{"step",-42} {"rows in",9} {"rows out",9} {"s",8} {"rows/s",9} {"calls",6} | {"no-change s",11} {"out",6} {"calls",6}");
        output.WriteLine(stepHeader);
        output.WriteLine(new string('-', stepHeader.Length));
        var rerun = NoChangeRuns.Count > 0 ? NoChangeRuns[0].Steps.ToDictionary(step => step.Step, StringComparer.Ordinal) : [];
        foreach (var step in FirstRun.Steps)
        {
            var again = rerun.GetValueOrDefault(step.Step);
            output.WriteLine(string.Create(Invariant, $"{step.Step,-42} {step.RowsRead,9} {step.RowsWritten,9} {step.Seconds,8:0.00} {step.RowsPerSecond,9:0} {step.ApiCalls,6} | {again?.Seconds ?? double.NaN,11:0.00} {again?.RowsWritten ?? 0,6} {again?.ApiCalls ?? 0,6}"));
        }

        PrintLimits(output, "bronze: binary COPY FROM of the versions each step wrote into a bare copy of bronze.raw_entities (no index)", BronzeLimits);
        PrintLimits(output, "silver: bare INSERT ... SELECT of each step's tables into copies without indexes", SilverLimits);
        PrintTargets(output);
    }

    /// <summary>Issue 15's targets, each with this report's figure (the time targets are stated for scale 1.0).</summary>
    public void PrintTargets(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"targets (times are for scale 1.0; this run is scale {Scale}, load {Machine.LoadAverage:0.0} on {Machine.Processors} cores)"));
        var noChange = NoChangeRuns.Count > 0 ? LimitFigure.Median(NoChangeRuns.Select(run => run.WallSeconds).ToList()) : double.NaN;
        var peak = AllRuns.Max(run => run.PeakMemoryMb);
        var bronzeMissed = BronzeLimits.Where(limit => limit.Ratio > 2).Select(limit => limit.Step).ToList();
        var silverMissed = SilverLimits.Where(limit => limit.Ratio > 2).Select(limit => limit.Step).ToList();
        var tdxUsers = FirstRun.Steps.FirstOrDefault(step => step.Step == "silver.tdx_users");
        output.WriteLine(string.Create(Invariant, $"  first full run under 600 s: {FirstRun.WallSeconds:0} s"));
        output.WriteLine(string.Create(Invariant, $"  no-change run under 90 s: {noChange:0} s"));
        output.WriteLine(string.Create(Invariant, $"  peak memory of lsats-run under 1024 MiB: {peak:0} MiB ({(peak < 1024 ? "met" : "missed")})"));
        output.WriteLine(string.Create(Invariant, $"  peak memory of lsats-sim: generate {Generate.PeakMemoryMb:0} MiB, serve {Math.Max(ServePeakMemoryMb, ServeRestartPeakMemoryMb):0} MiB (no target; slapd not included)"));
        output.WriteLine(string.Create(Invariant, $"  every bronze step within 2x of the raw COPY: {BronzeLimits.Count - bronzeMissed.Count} of {BronzeLimits.Count} ({(bronzeMissed.Count == 0 ? "met" : "missed: " + string.Join(", ", bronzeMissed))})"));
        output.WriteLine(string.Create(Invariant, $"  every silver step within 2x of the bare INSERT ... SELECT: {SilverLimits.Count - silverMissed.Count} of {SilverLimits.Count} ({(silverMissed.Count == 0 ? "met" : "missed: " + string.Join(", ", silverMissed))})"));
        output.WriteLine(string.Create(Invariant, $"  silver.tdx_users at least 40,000 rows/s: {tdxUsers?.RowsPerSecond ?? double.NaN:0} rows/s from {tdxUsers?.RowsRead ?? 0} users"));
    }

    /// <summary>Every measured run, in the order they ran.</summary>
    [JsonIgnore]
    public IEnumerable<DagRunFigures> AllRuns => [FirstRun, .. NoChangeRuns, MutatedRun, .. TargetRuns];

    /// <summary>Writes the report as JSON.</summary>
    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }

    private static void PrintLimits(TextWriter output, string title, IReadOnlyList<LimitFigure> limits)
    {
        output.WriteLine();
        output.WriteLine(title + "; ratio = our s / limit s");
        var header = string.Create(Invariant, $"{"step",-42} {"rows",9} {"our s",8} {"limit s",8} {"ratio",7} {"limit rows/s",12}");
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var limit in limits)
        {
            output.WriteLine(string.Create(Invariant, $"{limit.Step,-42} {limit.Rows,9} {limit.OurSeconds,8:0.00} {limit.LimitMedianSeconds,8:0.000} {limit.Ratio,7:0.0} {limit.LimitRowsPerSecond,12:0}"));
        }
    }
}
