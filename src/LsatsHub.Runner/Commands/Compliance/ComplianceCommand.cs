using System.CommandLine;
using LsatsHub.Compliance.Outreach;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands.Compliance;

/// <summary>
/// <c>compliance</c>: the monthly compliance outreach (docs/compliance.md), one subcommand per step, each in its own file.
/// </summary>
internal static class ComplianceCommand
{
    public static Command Create(RunnerEnvironment environment) =>
        new("compliance", "Monthly compliance outreach to owners of non-compliant computers (docs/compliance.md); every step writes to TDX under the sandbox-first policy.")
        {
            ComplianceOutreachCommand.Create(environment, OutreachKind.Second),
            ComplianceOutreachCommand.Create(environment, OutreachKind.Third),
        };
}
