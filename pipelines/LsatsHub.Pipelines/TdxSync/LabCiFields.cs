using System.Globalization;
using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// The fields of a lab CI the sync owns: Name, FormID, TypeID, OwnerUID, OwningDepartmentID, the three manager
/// attributes, the two location attributes and, when the lab's computers have a known location, LocationID and
/// LocationRoomID (a lab without one leaves the CI's location as it is). Everything else on the CI (location, description, other attributes, whatever people set in TDX) belongs to
/// someone else: an update sends the stored CI with only these fields changed, because TDX's PUT replaces the whole CI.
/// </summary>
internal static class LabCiFields
{
    /// <summary>The body that creates the lab's CI.</summary>
    public static JsonObject NewCi(LabCiRow lab, LabCiSettings settings, int appId)
    {
        var ci = new JsonObject { ["AppID"] = appId, ["IsActive"] = true };
        Apply(ci, lab, settings);
        return ci;
    }

    /// <summary>True when <paramref name="stored"/> already carries every owned value.</summary>
    public static bool Matches(JsonObject stored, LabCiRow lab, LabCiSettings settings)
    {
        var wanted = stored.DeepClone().AsObject();
        Apply(wanted, lab, settings);
        return Text(stored["Name"]) == Text(wanted["Name"])
            && Int(stored["FormID"]) == settings.FormId
            && Int(stored["TypeID"]) == settings.TypeId
            && string.Equals(Text(stored["OwnerUID"]), lab.OwnerUid, StringComparison.OrdinalIgnoreCase)
            && (Int(stored["OwningDepartmentID"]) ?? 0) == (lab.DepartmentTdxId ?? 0)
            && (lab.Locations.Count == 0
                || ((Int(stored["LocationID"]) ?? 0) == lab.Locations[0].LocationId && (Int(stored["LocationRoomID"]) ?? 0) == lab.Locations[0].RoomId))
            && OwnedAttributes(stored, settings).SequenceEqual(OwnedAttributes(wanted, settings));
    }

    /// <summary>Sets the owned fields on <paramref name="ci"/>, leaving every other field as it is.</summary>
    public static void Apply(JsonObject ci, LabCiRow lab, LabCiSettings settings)
    {
        ci["Name"] = lab.CiName;
        ci["FormID"] = settings.FormId;
        ci["TypeID"] = settings.TypeId;
        ci["OwnerUID"] = lab.OwnerUid;
        ci["OwningDepartmentID"] = lab.DepartmentTdxId ?? 0;
        if (lab.Locations.Count > 0)
        {
            // The room with most of the lab's computers is the CI's location.
            ci["LocationID"] = lab.Locations[0].LocationId;
            ci["LocationRoomID"] = lab.Locations[0].RoomId;
        }

        var attributes = new JsonArray();
        foreach (var attribute in ci["Attributes"] as JsonArray ?? [])
        {
            if (attribute is JsonObject o && Int(o["ID"]) is { } id && settings.OwnedAttributeIds.Contains(id))
            {
                continue;
            }

            attributes.Add(attribute?.DeepClone());
        }

        var managers = lab.ManagerUids.Distinct(StringComparer.OrdinalIgnoreCase).Take(settings.ManagerAttributeIds.Count).ToList();
        for (var rank = 0; rank < managers.Count; rank++)
        {
            attributes.Add(new JsonObject { ["ID"] = settings.ManagerAttributeIds[rank], ["Value"] = managers[rank] });
        }

        // The second and third places go into the location attributes; an empty rank clears its attribute.
        for (var rank = 1; rank < lab.Locations.Count && rank <= settings.LocationAttributeIds.Count; rank++)
        {
            attributes.Add(new JsonObject { ["ID"] = settings.LocationAttributeIds[rank - 1], ["Value"] = lab.Locations[rank].AttributeValue });
        }

        ci["Attributes"] = attributes;
    }

    /// <summary>A JSON number or numeric string as an int.</summary>
    public static int? Int(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>A JSON string (or other value) as text.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static IEnumerable<(int Id, string Value)> OwnedAttributes(JsonObject ci, LabCiSettings settings) =>
        (ci["Attributes"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(o => (Id: Int(o["ID"]) ?? 0, Value: (Text(o["Value"]) ?? string.Empty).ToLowerInvariant()))
            .Where(a => settings.OwnedAttributeIds.Contains(a.Id) && a.Value.Length > 0)
            .OrderBy(a => a.Id);
}
