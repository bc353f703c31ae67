namespace LsatsHub.Benchmarks.Dag;

/// <summary>One step of a measured run, from its <c>meta.step_runs</c> row and the <c>meta.ingestion_runs</c> rows it wrote.</summary>
/// <param name="Step">The step.</param>
/// <param name="Status">succeeded, failed, skipped, ...</param>
/// <param name="RowsRead">Rows in (bronze: records the source yielded; silver: bronze rows read).</param>
/// <param name="RowsWritten">Rows out (bronze: versions written; silver: rows inserted, updated or deleted).</param>
/// <param name="Seconds">Wall seconds from the step's start to its end.</param>
/// <param name="ApiCalls">HTTP calls (TDX, UMich API) or LDAP requests the step counted (<c>metadata.api_calls</c>).</param>
/// <param name="RateLimited">429 responses the step received (<c>metadata.rate_limited_responses</c>).</param>
public sealed record DagStepRow(string Step, string Status, long RowsRead, long RowsWritten, double Seconds, long ApiCalls, long RateLimited)
{
    /// <summary>The larger of rows in and rows out per wall second (NaN for a step without time).</summary>
    public double RowsPerSecond => Seconds > 0 ? Math.Max(RowsRead, RowsWritten) / Seconds : double.NaN;
}
