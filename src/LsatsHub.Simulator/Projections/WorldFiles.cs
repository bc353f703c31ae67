using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Projections;

/// <summary>Writes a world's files into a folder: truth, documents, LDIF, and the TDX/UMich records for inspection.</summary>
public sealed class WorldFiles(string folder)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The output folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Where documents go (LSATS_DATA_FOLDER).</summary>
    public string DataFolder => Path.Combine(Folder, "data");

    /// <summary>AD LDIF.</summary>
    public string AdLdif => Path.Combine(Folder, "ldap", "ad.ldif");

    /// <summary>MCommunity LDIF.</summary>
    public string McommunityLdif => Path.Combine(Folder, "ldap", "mcommunity.ldif");

    /// <summary>Ground truth.</summary>
    public string Truth => Path.Combine(Folder, "truth.json");

    /// <summary>Writes everything; replaces older documents so the folder holds one generation.</summary>
    /// <param name="index">The world.</param>
    /// <param name="report">Hears "wrote FILE in N s" after each file (generation at scale 1.0 takes minutes).</param>
    public void WriteAll(WorldIndex index, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        void Wrote(string path)
        {
            report?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wrote {Path.GetRelativePath(Folder, path)} in {clock.GetElapsedTime(started).TotalSeconds:0.0} s"));
            started = clock.GetTimestamp();
        }

        var world = index.World;
        foreach (var sub in new[] { "data", "ldap", "tdx", "umich-api" })
        {
            Directory.CreateDirectory(Path.Combine(Folder, sub));
        }

        foreach (var old in Directory.EnumerateFiles(DataFolder, "lab_awards_*.csv").Concat(Directory.EnumerateFiles(DataFolder, "keyconfigure_computers_*.xlsx")))
        {
            File.Delete(old);
        }

        new WorldManifest(world.Options.Seed, world.Options.Scale, world.Generation).Write(Folder);
        using (var stream = File.Create(Truth))
        {
            GroundTruthWriter.Write(index, stream);
        }

        Wrote(Truth);

        WriteText(Path.Combine(DataFolder, LabAwardsCsv.FileName(world.AsOf)), w => LabAwardsCsv.Write(index, w));
        var keyConfigure = Path.Combine(DataFolder, KeyConfigureXlsx.FileName(world.AsOf));
        using (var stream = File.Create(keyConfigure))
        {
            KeyConfigureXlsx.Write(index, stream);
        }

        Wrote(keyConfigure);
        var accounts = LdapAccounts.For(world.Options.Seed);
        WriteText(AdLdif, w => new AdLdifProjection(index, accounts).Write(w));
        Wrote(AdLdif);
        WriteText(McommunityLdif, w => new McommunityLdifProjection(index, accounts).Write(w));
        Wrote(McommunityLdif);

        var tdx = new TdxProjection(index);
        WriteJsonArray(Path.Combine(Folder, "tdx", "accounts.json"), tdx.AccountDepartments.Select(d => tdx.Account(d, full: true)));
        var tdxUsers = Path.Combine(Folder, "tdx", "users.json");
        WriteJsonArray(tdxUsers, tdx.Users.Select(p => tdx.User(p, full: true)));
        Wrote(tdxUsers);
        WriteJsonArray(Path.Combine(Folder, "tdx", "assets.json"), tdx.Assets.Select(c => tdx.Asset(c, full: true)));
        var umapi = new UmApiProjection(index);
        WriteJsonArray(Path.Combine(Folder, "umich-api", "departments.json"), umapi.Departments());
        var employees = Path.Combine(Folder, "umich-api", "employees.json");
        WriteJsonArray(employees, umapi.Employees());
        Wrote(employees);
    }

    private static void WriteText(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
        write(writer);
    }

    private static void WriteJsonArray(string path, IEnumerable<JsonObject> items)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteTo(json);
        }

        json.WriteEndArray();
    }
}
