using System.CommandLine;
using System.Globalization;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Cli;

/// <summary>lsats-sim generate --scale S --seed N --out DIR.</summary>
internal static class GenerateCommand
{
    public static readonly Option<double> Scale = new("--scale") { Description = "1.0 = the real university; 0.002 = a small test world", DefaultValueFactory = _ => 0.002 };
    public static readonly Option<int> Seed = new("--seed") { Description = "random seed; equal seeds give byte-identical output", DefaultValueFactory = _ => 42 };
    public static readonly Option<DirectoryInfo> Out = new("--out") { Description = "output folder", Required = true };

    public static Command Create()
    {
        var command = new Command("generate", "Generate a synthetic university and write its files (truth, documents, LDIF, TDX/UMich records).") { Scale, Seed, Out };
        command.SetAction(result =>
        {
            var started = TimeProvider.System.GetTimestamp();
            var world = WorldGenerator.Generate(new WorldOptions(result.GetValue(Seed), result.GetValue(Scale)));
            Progress(string.Create(CultureInfo.InvariantCulture, $"generated the world in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s"));
            var files = Write(world, result.GetValue(Out)!.FullName);
            Console.WriteLine(Summary(world, files.Folder));
            return 0;
        });
        return command;
    }

    public static WorldFiles Write(SimWorld world, string folder)
    {
        var files = new WorldFiles(folder);
        files.WriteAll(new WorldIndex(world), Progress);
        return files;
    }

    /// <summary>A progress line on stderr (stdout keeps the one-line summary scripts read).</summary>
    public static void Progress(string line) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lsats-sim: {line}"));

    public static string Summary(SimWorld world, string folder) => string.Create(CultureInfo.InvariantCulture,
        $"world seed {world.Options.Seed} scale {world.Options.Scale} generation {world.Generation} ({world.AsOf:yyyy-MM-dd}): " +
        $"{world.People.Count} people, {world.Departments.Count} departments, {world.Labs.Count} labs, {world.Computers.Count} computers, " +
        $"{world.Groups.Count} groups, {world.Awards.Count} awards -> {folder}");
}
