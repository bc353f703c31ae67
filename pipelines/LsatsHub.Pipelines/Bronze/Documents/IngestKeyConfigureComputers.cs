using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Documents;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Documents;

/// <summary>
/// D2 (docs/sources.md): the newest <c>keyconfigure_computers*.xlsx</c> in LSATS_DATA_FOLDER into
/// <c>key_client/computer</c>, one entity per network interface, keyed by its MAC address.
/// </summary>
/// <remarks>
/// <para>The external id is the MAC normalised to upper-case colon form (<c>AA:BB:CC:DD:EE:FF</c>): KeyConfigure writes
/// MACs in several spellings (<c>aa-bb-…</c>, <c>AABB.CCDD…</c>), and the same interface in a different spelling must not
/// become a new entity plus a tombstone. The <c>MAC</c> value itself is stored as written.</para>
/// <para>Columns <c>#</c> and <c>Mhz</c> are stored as <c># of cores</c> and <c>Clock Speed (Mhz)</c>, as the seed did.
/// Hash fields are the seed's plus <c>Owner</c> (silver reads it; without it an owner change would never reach bronze).</para>
/// <para>Rows sharing a MAC: the one with the latest <c>Last Session</c> is kept (missing sessions last; ties broken by
/// canonical JSON), as the seed did. A row without a MAC or with one that is not 12 hex digits is a bad record. The file
/// is a complete snapshot: interfaces missing from it get tombstones. No file: see <see cref="DocumentIngestion"/>.</para>
/// </remarks>
public sealed class IngestKeyConfigureComputers : IStep
{
    /// <summary>The fields whose values make the content hash.</summary>
    public static readonly IReadOnlyList<string> HashFields =
    [
        "idnt", "agid", "Name", "MAC", "CPU", "Clock Speed (Mhz)", "# of cores", "Sockets", "RAM", "Disk", "Free", "% Used", "% Free",
        "OEM SN", "OS Family", "OS", "OS vers", "OS SN", "OS Install Date", "Last Addr", "Last User", "Login", "Last Session",
        "Last Startup", "Base Audit", "Last Audit", "Client", "Owner",
    ];

    /// <summary>The bronze slice written.</summary>
    public static readonly BronzeEntity Entity = new("key_client", "computer", HashFields);

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["#"] = "# of cores",
        ["Mhz"] = "Clock Speed (Mhz)",
    };

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.KeyConfigureComputers.Name,
        Inputs = [Datasets.Sources.Documents],
        Outputs = [Datasets.Bronze.KeyConfigureComputers],
        Source = "documents",
        Description = "D2: the newest keyconfigure_computers*.xlsx into bronze, one entity per MAC (missing ones get tombstones)",
    };

    /// <summary>A MAC in upper-case colon form, or null when it is not 12 hex digits.</summary>
    /// <param name="mac">The MAC as written.</param>
    /// <returns>E.g. <c>AA:BB:CC:DD:EE:01</c>.</returns>
    public static string? NormaliseMac(string? mac)
    {
        if (mac is null)
        {
            return null;
        }

        var hex = new string(mac.Where(c => c is not (':' or '-' or '.' or ' ')).ToArray()).ToUpperInvariant();
        return hex.Length == 12 && hex.All(Uri.IsHexDigit)
            ? string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)))
            : null;
    }

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duplicates = 0;
        return DocumentIngestion.RunAsync(
            context,
            DocumentPattern.KeyConfigureComputers,
            Entity,
            (file, ct) => ReadAsync(file, context, count => duplicates = count, ct),
            new JsonObject
            {
                ["source_api"] = "keyconfigure_excel",
                ["includes_hardware_specs"] = true,
                ["includes_os_information"] = true,
                ["includes_user_session_data"] = true,
            },
            () => new JsonObject { ["duplicate_rows_in_file"] = duplicates },
            cancellationToken);
    }

    private static async IAsyncEnumerable<BronzeRecordOrError> ReadAsync(
        DocumentFile file,
        StepContext context,
        Action<int> reportDuplicates,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // De-duplication by MAC must see the whole file before it can yield a row, so it holds one file's records: each
        // as its canonical JSON text, not as a JsonObject (a node per cell is several times the text; at university
        // scale, ~10k rows of ~30 cells, the DOMs were the step's largest live data). The text parses back to the same
        // content, so its hash, and a no-change run, are unchanged.
        var kept = new Dictionary<string, (string Canonical, DateTime? Session)>(StringComparer.Ordinal);
        var duplicates = 0;
        var timestamp = context.Clock.GetUtcNow().ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in KeyConfigureXlsxReader.ReadAsync(file.Path, cancellationToken))
        {
            var written = row.Values.GetValueOrDefault("MAC") is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
            var mac = NormaliseMac(written);
            if (row.Problem is not null || mac is null)
            {
                yield return BronzeRecordOrError.Bad(
                    written,
                    $"row {row.Number}: {row.Problem ?? (written is null ? "no MAC" : $"MAC '{written}' is not 12 hex digits")}");
                continue;
            }

            var record = new JsonObject();
            foreach (var (column, cell) in row.Values)
            {
                record[Renamed.GetValueOrDefault(column, column)] = DocumentIngestion.ToJson(cell);
            }

            record["_change_detection"] = "content_hash_based";
            record["_source_file"] = file.Path;
            record["_ingestion_timestamp"] = timestamp;
            var session = row.Values.GetValueOrDefault("Last Session") as DateTime?;
            var canonical = CanonicalJson.Serialize(record);
            if (kept.TryGetValue(mac, out var current))
            {
                duplicates++;
                context.Logger.LogWarning("KeyConfigure MAC {Mac}: row {Row} repeats it; the latest Last Session is kept", mac, row.Number);
                var newer = (session ?? DateTime.MinValue).CompareTo(current.Session ?? DateTime.MinValue);

                // On equal sessions the row whose canonical JSON sorts first wins, whatever the row order.
                if (newer < 0 || (newer == 0 && string.CompareOrdinal(canonical, current.Canonical) >= 0))
                {
                    continue;
                }
            }

            kept[mac] = (canonical, session);
        }

        reportDuplicates(duplicates);
        foreach (var (mac, entry) in kept)
        {
            yield return new BronzeRecord(mac, JsonNode.Parse(entry.Canonical)!.AsObject());
        }
    }
}
