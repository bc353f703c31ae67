using System.Globalization;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>What silver.keyconfigure_computers must hold for a world: the export's interfaces, one row per computer.</summary>
public static class KeyConfigureComputersTruth
{
    private static readonly string[] Times = ["os_install_date", "last_session", "last_startup", "last_audit", "base_audit"];

    /// <summary>Compared columns; times as UTC ISO text so the session time zone does not matter.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "computer_id", "computer_name", "oem_serial_number", "primary_mac_address", "mac_addresses", "ip_addresses", "nic_count", "cpu",
        "cpu_cores", "cpu_sockets", "clock_speed_mhz", "ram_mb", "disk_gb", "disk_free_gb", "os", "os_family", "os_version",
        "os_serial_number", "last_user", "owner", "login_type", "keyconfigure_client_version",
        .. Times.Select(column => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"),
    ];

    /// <summary>computer_id → values.</summary>
    public static Dictionary<string, string?[]> Expected(SimWorld world) =>
        KeyConfigureXlsx.Rows(new WorldIndex(world))
            .GroupBy(row => ComputerId(Text(row, "Name")!, Text(row, "OEM SN")), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Row(group.Key, group.ToList()), StringComparer.Ordinal);

    private static string?[] Row(string computerId, List<Dictionary<string, object>> nics)
    {
        var primary = nics.OrderByDescending(nic => (DateTime)nic["Last Session"]).First();
        var primaryMac = Mac(primary);
        var macs = nics.Select(Mac).Distinct().Where(mac => mac != primaryMac).Order(StringComparer.Ordinal).Prepend(primaryMac);
        var ips = nics.Select(nic => Text(nic, "Last Addr")!).Distinct().Order(StringComparer.Ordinal);
        string Json(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(value => $"\"{value}\"")) + "]";
        string? Number(string column, string format = "0") => Convert.ToDecimal(primary[column], CultureInfo.InvariantCulture).ToString(format, CultureInfo.InvariantCulture);
        string Time(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return
        [
            computerId, Text(primary, "Name"), Text(primary, "OEM SN"), primaryMac, Json(macs), Json(ips), nics.Count.ToString(CultureInfo.InvariantCulture),
            Text(primary, "CPU"), Number("#"), Number("Sockets"), Number("Mhz"), Number("RAM"), Number("Disk", "0.00"), Number("Free", "0.00"),
            Text(primary, "OS"), Text(primary, "OS Family"), Text(primary, "OS vers"), Text(primary, "OS SN"),
            Text(primary, "Last User")?.ToLowerInvariant(), Text(primary, "Owner")?.ToLowerInvariant(), Text(primary, "Login"), Text(primary, "Client"),
            Time((DateTime)primary["OS Install Date"]), Time(nics.Max(nic => (DateTime)nic["Last Session"])), Time(nics.Max(nic => (DateTime)nic["Last Startup"])),
            Time(nics.Max(nic => (DateTime)nic["Last Audit"])), Time(nics.Min(nic => (DateTime)nic["Base Audit"])),
        ];
    }

    public static string ComputerId(string name, string? serial) =>
        name.ToUpperInvariant() + (serial is null || serial.ToUpperInvariant() is "N/A" or "NONE" or "UNKNOWN" ? "" : "-" + serial.ToUpperInvariant());

    private static string Mac(Dictionary<string, object> nic) =>
        new string(((string)nic["MAC"]).ToUpperInvariant().Where(char.IsAsciiHexDigit).ToArray());

    private static string? Text(Dictionary<string, object> row, string column) =>
        row[column] is string text ? (text.Trim() is { Length: > 0 } trimmed ? trimmed : null) : Convert.ToString(row[column], CultureInfo.InvariantCulture);
}
