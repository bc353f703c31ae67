using System.CommandLine;
using LsatsHub.Engine.Selection;

namespace LsatsHub.Runner.Commands;

/// <summary>The dbt-style selection options shared by run, plan and graph.</summary>
internal sealed class SelectionOptions
{
    public Option<string[]> Target { get; } = new("--target", "-t")
    {
        Description = "Build X and everything it depends on (= --select +X). Step or dataset names, e.g. silver.labs.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Select { get; } = new("--select", "-s")
    {
        Description = "dbt-style selection: X, +X, X+, +X+, 2+X, X+1, @X, tag:T, layer:L, source:S; space = union, comma = intersection.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Exclude { get; } = new("--exclude", "-x")
    {
        Description = "Remove steps, same grammar as --select.",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Target);
        command.Options.Add(Select);
        command.Options.Add(Exclude);
    }

    public SelectionRequest Read(ParseResult parseResult) => new(
        parseResult.GetValue(Target) ?? [],
        parseResult.GetValue(Select) ?? [],
        parseResult.GetValue(Exclude) ?? []);
}
