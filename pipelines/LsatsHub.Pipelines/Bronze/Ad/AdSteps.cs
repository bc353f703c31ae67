using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>Declarations shared by the four Active Directory steps (bronze.md §4 A1–A4).</summary>
internal static class AdSteps
{
    public const string SourceSystem = "active_directory";
    public const string SourceApi = "active_directory_ldap";
    public const string KeyAttribute = "objectGUID";

    public static StepDescriptor Descriptor(DatasetId output, string description) => new()
    {
        Name = output.Name,
        Inputs = [Datasets.Sources.ActiveDirectory],
        Outputs = [output],
        Layer = "bronze",
        Source = "ad",
        Tags = ["ldap", "active_directory"],
        Resources = ["ldap-ad"],
        Description = description,
    };

    /// <summary>The metadata keys every stored AD version carries.</summary>
    public static JsonObject Metadata(LdapSettings settings, string? searchBase)
    {
        var metadata = new JsonObject
        {
            ["_change_detection"] = "content_hash_based",
            ["_ldap_server"] = settings.Server,
        };
        if (searchBase is not null)
        {
            metadata["_search_base"] = searchBase;
        }

        return metadata;
    }
}
