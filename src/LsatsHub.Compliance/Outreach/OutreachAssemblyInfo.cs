using System.Runtime.CompilerServices;

// The outreach tests drive ComplianceOutreach through lsats-run's test harness and need its crash seam
// (kept here rather than in the project file, which the create workflow shares).
[assembly: InternalsVisibleTo("LsatsHub.Runner.Tests")]
