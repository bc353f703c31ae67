using System.Globalization;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>Precision and recall of what a table holds against what the truth says it must hold.</summary>
/// <param name="Table">The table (or part of it) scored.</param>
/// <param name="Expected">Rows the truth has.</param>
/// <param name="Actual">Rows the table has.</param>
/// <param name="Matched">Rows both have.</param>
public sealed record TruthScore(string Table, int Expected, int Actual, int Matched)
{
    /// <summary>Share of the table's rows the truth has.</summary>
    public double Precision => Actual == 0 ? 1 : (double)Matched / Actual;

    /// <summary>Share of the truth's rows the table has.</summary>
    public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;

    /// <summary>Scores two sets of row keys.</summary>
    public static TruthScore Of(string table, IReadOnlySet<string> expected, IReadOnlySet<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return new TruthScore(table, expected.Count, actual.Count, actual.Count(expected.Contains));
    }

    /// <summary>One line for the test output.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Table}: precision {Precision:P2} ({Matched}/{Actual}), recall {Recall:P2} ({Matched}/{Expected})");
}
