using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// The lab CI constants, with the original's variable names and production defaults (docs/tdx-sync.md): form
/// <c>TDX_LAB_CI_FORM_ID</c> 3918, type <c>TDX_LAB_CI_TYPE_ID</c> 10014, manager attributes
/// <c>TDX_LAB_CI_ATTR_MANAGER_1/2/3</c> 20786/20787/20788, second and third location attributes
/// <c>TDX_LAB_CI_ATTR_LOCATION_2/3</c> 20789/20791; and the <c>MaxResults</c> of a lab's ticket searches,
/// <c>TDX_LAB_TICKETS_MAX_RESULTS</c> 1000.
/// </summary>
/// <param name="FormId">The CI form.</param>
/// <param name="TypeId">The CI type ("Place").</param>
/// <param name="ManagerAttributeIds">The three manager custom attributes, in rank order.</param>
/// <param name="LocationAttributeIds">The custom attributes of the second and third location, in that order.</param>
/// <param name="TicketSearchMaxResults">
/// <c>MaxResults</c> of each ticket search of <see cref="SyncLabTickets"/>; a search that returns this many is counted
/// as capped (TDX returns at most 300 when it is not sent).
/// </param>
internal sealed record LabCiSettings(int FormId, int TypeId, IReadOnlyList<int> ManagerAttributeIds, IReadOnlyList<int> LocationAttributeIds, int TicketSearchMaxResults)
{
    /// <summary>"Located in": lab CI (parent) to computer CI (child).</summary>
    public const int LocatedInRelationshipTypeId = 10016;

    /// <summary>Every custom attribute the sync owns (managers and locations).</summary>
    public IReadOnlySet<int> OwnedAttributeIds { get; } = ManagerAttributeIds.Concat(LocationAttributeIds).ToHashSet();

    /// <summary>Reads the settings; a malformed value names its variable.</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The settings.</returns>
    public static LabCiSettings From(IConfiguration configuration) => new(
        Int(configuration, "TDX_LAB_CI_FORM_ID", 3918),
        Int(configuration, "TDX_LAB_CI_TYPE_ID", 10014),
        [Int(configuration, "TDX_LAB_CI_ATTR_MANAGER_1", 20786), Int(configuration, "TDX_LAB_CI_ATTR_MANAGER_2", 20787), Int(configuration, "TDX_LAB_CI_ATTR_MANAGER_3", 20788)],
        [Int(configuration, "TDX_LAB_CI_ATTR_LOCATION_2", 20789), Int(configuration, "TDX_LAB_CI_ATTR_LOCATION_3", 20791)],
        Int(configuration, "TDX_LAB_TICKETS_MAX_RESULTS", 1000));

    private static int Int(IConfiguration configuration, string variable, int fallback) =>
        configuration[variable]?.Trim() is not { Length: > 0 } text
            ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new FormatException($"{variable} must be a positive whole number, not '{text}'.");
}
