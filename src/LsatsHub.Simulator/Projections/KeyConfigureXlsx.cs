using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using LsatsHub.Simulator.World;
using MiniExcelLibs;

namespace LsatsHub.Simulator.Projections;

/// <summary>The KeyConfigure export: one row per network interface, original column names (# and Mhz).</summary>
public static partial class KeyConfigureXlsx
{
    /// <summary>Columns in file order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "idnt", "agid", "Name", "MAC", "CPU", "Mhz", "#", "Sockets", "RAM", "Disk", "Free", "% Used", "% Free", "OEM SN", "OS Family", "OS",
        "OS vers", "OS SN", "OS Install Date", "Last Addr", "Last User", "Login", "Last Session", "Last Startup", "Base Audit", "Last Audit",
        "Client", "Owner",
    ];

    /// <summary>The file name for a world's date.</summary>
    public static string FileName(DateOnly asOf) => $"keyconfigure_computers_{asOf:yyyy_MM_dd}.xlsx";

    /// <summary>The rows, column → typed value (string, int or DateTime).</summary>
    public static IEnumerable<Dictionary<string, object>> Rows(WorldIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var now = index.World.Now.UtcDateTime;
        foreach (var computer in index.World.Computers.Where(c => c.InKeyConfigure))
        {
            var lastUser = computer.LastUserPersonId is { } u ? index.World.People[u] : null;
            var owner = computer.LabPi ?? (computer.OwnerPersonId is { } o ? index.World.People[o].Uniqname : computer.DeptId);
            var seed = computer.AdRid;
            var session = index.World.ComputerUse.TryGetValue(computer.Name, out var use) ? use.LastSession.UtcDateTime : now.AddHours(-(seed % 300) - 1);
            var macOs = computer.OperatingSystem.StartsWith("mac", StringComparison.Ordinal);
            for (var nic = 0; nic < computer.Macs.Count; nic++)
            {
                yield return new Dictionary<string, object>
                {
                    ["idnt"] = computer.KeyConfigureId,
                    ["agid"] = "A" + (seed % 1000),
                    ["Name"] = computer.Name,
                    ["MAC"] = MacAddress.Format(computer.Macs[nic], computer.KeyConfigureMacFormat),
                    ["CPU"] = macOs ? "Apple M2 Pro" : "Intel Core i7-11700",
                    ["Mhz"] = macOs ? 3_500 : 2_500,
                    ["#"] = 8,
                    ["Sockets"] = 1,
                    ["RAM"] = 16_384,
                    ["Disk"] = 476,
                    ["Free"] = 100 + (seed % 300),
                    ["% Used"] = 100 - ((100 + (seed % 300)) * 100 / 476),
                    ["% Free"] = (100 + (seed % 300)) * 100 / 476,
                    ["OEM SN"] = computer.SerialNumber,
                    ["OS Family"] = macOs ? "Mac" : computer.OperatingSystem.StartsWith("Windows", StringComparison.Ordinal) ? "Windows" : "Linux",
                    ["OS"] = computer.OperatingSystem,
                    ["OS vers"] = computer.OperatingSystemVersion,
                    ["OS SN"] = "XXXXX-" + (seed % 99_999).ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
                    ["OS Install Date"] = computer.Created.UtcDateTime,
                    ["Last Addr"] = $"10.{seed % 200}.{seed / 200 % 250}.{(seed % 250) + 1 + nic}",
                    ["Last User"] = lastUser is null ? string.Empty : lastUser.Dirt.KeyConfigureUniqnameSpelling ?? lastUser.Uniqname,
                    ["Login"] = lastUser?.Uniqname ?? string.Empty,
                    ["Last Session"] = session.AddMinutes(-nic * 90),
                    ["Last Startup"] = session.AddDays(-2),
                    ["Base Audit"] = computer.Created.UtcDateTime.AddHours(1),
                    ["Last Audit"] = session.AddMinutes(15),
                    ["Client"] = "8.3.1",
                    ["Owner"] = owner,
                };
            }
        }
    }

    /// <summary>Writes the workbook; zip entry times are fixed so equal worlds give equal bytes.</summary>
    public static void Write(WorldIndex index, Stream output)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, Rows(index), printHeader: true, sheetName: "Computers", excelType: ExcelType.XLSX);
        buffer.Position = 0;
        var stamp = new DateTimeOffset(index.World.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        using var source = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var relationIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = stamp;
            using var from = entry.Open();
            using var to = copy.Open();
            if (entry.FullName.EndsWith(".rels", StringComparison.Ordinal) || entry.FullName.EndsWith(".xml", StringComparison.Ordinal))
            {
                // MiniExcel names relationships with random GUIDs; stable ids keep equal worlds byte-identical.
                using var reader = new StreamReader(from, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
                var text = RandomRelationId().Replace(reader.ReadToEnd(), m =>
                    relationIds.TryGetValue(m.Value, out var id) ? id : relationIds[m.Value] = "rId" + (relationIds.Count + 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var bytes = Encoding.UTF8.GetBytes(text);
                to.Write(bytes);
            }
            else
            {
                from.CopyTo(to);
            }
        }
    }

    [GeneratedRegex("R[0-9a-f]{32}")]
    private static partial Regex RandomRelationId();
}
