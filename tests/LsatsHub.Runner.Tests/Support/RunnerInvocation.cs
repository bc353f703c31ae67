namespace LsatsHub.Runner.Tests.Support;

/// <summary>What one in-process lsats-run invocation returned and printed.</summary>
internal sealed record RunnerInvocation(int ExitCode, string Output, string Error);
