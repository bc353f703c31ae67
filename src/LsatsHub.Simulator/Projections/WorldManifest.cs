using System.Globalization;
using System.Text.Json;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>world.json: how to regenerate the world in a folder (seed, scale, generation).</summary>
public sealed record WorldManifest(int Seed, double Scale, int Generation)
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "world.json";

    /// <summary>The options it describes.</summary>
    public WorldOptions Options => new(Seed, Scale);

    /// <summary>Reads the manifest in <paramref name="folder"/>.</summary>
    public static WorldManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist: run 'lsats-sim generate --out {folder}' first.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return new WorldManifest(root.GetProperty("seed").GetInt32(), root.GetProperty("scale").GetDouble(), root.GetProperty("generation").GetInt32());
    }

    /// <summary>Writes the manifest into <paramref name="folder"/>.</summary>
    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName),
            string.Create(CultureInfo.InvariantCulture, $"{{\n  \"seed\": {Seed},\n  \"scale\": {Scale.ToString("R", CultureInfo.InvariantCulture)},\n  \"generation\": {Generation}\n}}\n"));
}
