using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// A3's inline enrichment keys (docs/sources.md, A3), computed from the DN, the OU name and child counts the step derives
/// from entries it already fetched on the same connection (no extra searches per OU).
/// </summary>
internal static partial class OuEnrichment
{
    public static readonly string[] Keys =
    [
        "_ou_hierarchy", "_ou_depth", "_parent_ou", "_direct_computer_count", "_has_computer_children", "_child_ou_count",
        "_has_child_ous", "_name_patterns", "_extracted_uniqname", "_depth_category",
    ];

    public static void Apply(JsonObject raw, string dn, string? ouName, string searchBaseOrigin, int directComputers, int childOus)
    {
        var hierarchy = OuValues().Matches(dn).Select(match => match.Groups[1].Value).ToArray();
        raw["_search_base_origin"] = searchBaseOrigin;
        raw["_ou_hierarchy"] = new JsonArray([.. hierarchy.Select(value => (JsonNode)value)]);
        raw["_ou_depth"] = hierarchy.Length;
        raw["_parent_ou"] = ParentDn(dn);
        raw["_direct_computer_count"] = directComputers;
        raw["_has_computer_children"] = directComputers > 0;
        raw["_child_ou_count"] = childOus;
        raw["_has_child_ous"] = childOus > 0;
        var name = ouName ?? string.Empty;
        raw["_name_patterns"] = new JsonObject
        {
            ["dept_uniqname"] = DeptUniqname().IsMatch(name),
            ["uniqname_only"] = UniqnameOnly().IsMatch(name),
            ["lab_suffix"] = LabSuffix().IsMatch(name),
            ["has_hyphen"] = name.Contains('-', StringComparison.Ordinal),
        };
        raw["_extracted_uniqname"] = ExtractUniqname(name);
        raw["_depth_category"] = DepthCategory(hierarchy.Length, searchBaseOrigin);
    }

    /// <summary>The DN after its first unescaped comma (empty for a top-level DN).</summary>
    public static string ParentDn(string dn)
    {
        ArgumentNullException.ThrowIfNull(dn);
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\')
            {
                i++;
            }
            else if (dn[i] == ',')
            {
                return dn[(i + 1)..].TrimStart();
            }
        }

        return string.Empty;
    }

    public static string? ExtractUniqname(string name)
    {
        var lab = LabOwner().Match(name);
        if (lab.Success)
        {
            return lab.Groups[1].Value.ToLowerInvariant();
        }

        var department = DeptOwner().Match(name);
        if (department.Success && !string.Equals(department.Groups[1].Value, "lab", StringComparison.OrdinalIgnoreCase))
        {
            return department.Groups[1].Value.ToLowerInvariant();
        }

        return UniqnameOnly().IsMatch(name) ? name.ToLowerInvariant() : null;
    }

    public static string DepthCategory(int depth, string searchBaseOrigin)
    {
        if (searchBaseOrigin.Equals(IngestAdOrganizationalUnits.ResearchBase, StringComparison.OrdinalIgnoreCase))
        {
            return depth switch { >= 8 => "potential_lab", 7 => "department", 6 => "region", _ => "high_level" };
        }

        if (searchBaseOrigin.Equals(IngestAdOrganizationalUnits.WorkstationsBase, StringComparison.OrdinalIgnoreCase))
        {
            return depth switch { >= 8 => "potential_lab", 7 => "lab_grouping", 6 => "department", 5 => "region", _ => "high_level" };
        }

        return depth switch { >= 8 => "potential_lab", >= 6 => "department", _ => "high_level" };
    }

    [GeneratedRegex("OU=([^,]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OuValues();

    [GeneratedRegex("^[a-z]{2,6}-[a-z]{3,8}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeptUniqname();

    [GeneratedRegex("^[a-z]{3,8}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UniqnameOnly();

    [GeneratedRegex("lab$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabSuffix();

    [GeneratedRegex("^([a-z]{3,8})-lab$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabOwner();

    [GeneratedRegex("^[a-z]{2,6}-([a-z]{3,8})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeptOwner();
}
