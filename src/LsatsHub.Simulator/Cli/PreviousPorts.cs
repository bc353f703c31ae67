using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LsatsHub.Simulator.Cli;

/// <summary>
/// The ports a previous serve of the same world folder wrote into its <c>.env</c>. A restarted serve (after
/// <c>lsats-sim mutate</c>, say) takes them again when they are free, so the sources keep their addresses as a real
/// directory and API do from one month to the next: the bronze steps key their incremental marks on the server they
/// read (docs/bronze-incremental.md), and a new port would make every LDAP read a full one.
/// </summary>
internal sealed record PreviousPorts(int? Tdx, int? UmApi, int? Sheets, int? Ad, int? Mcommunity)
{
    /// <summary>The ports in <paramref name="folder"/>'s .env; all null when there is none or it cannot be read.</summary>
    public static PreviousPorts Read(string folder)
    {
        var path = Path.Combine(folder, ".env");
        if (!File.Exists(path))
        {
            return new PreviousPorts(null, null, null, null, null);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && !line.StartsWith('#'))
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim().Trim('"');
            }
        }

        return new PreviousPorts(
            UrlPort(values, "TDX_BASE_URL"),
            UrlPort(values, "UM_BASE_URL"),
            UrlPort(values, "GOOGLE_SHEETS_BASE_URL"),
            Port(values, "AD_PORT"),
            Port(values, "MCOMMUNITY_LDAP_PORT"));
    }

    /// <summary><paramref name="asked"/> when not 0 (the operator chose), else <paramref name="previous"/> when still free, else 0 (any free port).</summary>
    public static int Choose(int asked, int? previous) =>
        asked != 0 ? asked : previous is { } port && IsFree(port) ? port : 0;

    /// <summary><paramref name="previous"/> when it is still free, else null.</summary>
    public static int? StillFree(int? previous) => previous is { } port && IsFree(port) ? port : null;

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int? Port(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;

    private static int? UrlPort(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && Uri.TryCreate(text, UriKind.Absolute, out var url) && !url.IsDefaultPort ? url.Port : null;
}
