using System.CommandLine;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;

namespace LsatsHub.Simulator.Cli;

/// <summary>lsats-sim mutate --out DIR: apply the next deterministic batch of changes and rewrite the folder's files.</summary>
internal static class MutateCommand
{
    public static Command Create()
    {
        var command = new Command("mutate", "Apply the next batch of changes (new hires, departures, renames, moved computers) to the world in --out.") { GenerateCommand.Out };
        command.SetAction(result =>
        {
            var folder = result.GetValue(GenerateCommand.Out)!.FullName;
            var manifest = WorldManifest.Read(folder);
            var world = WorldGenerator.Generate(manifest.Options, manifest.Generation + 1);
            GenerateCommand.Write(world, folder);
            Console.WriteLine(GenerateCommand.Summary(world, folder));
            Console.WriteLine("a running 'lsats-sim serve' keeps the old generation: restart it to serve the new one");
            return 0;
        });
        return command;
    }
}
