using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>Declarations shared by the two MCommunity steps (docs/sources.md, M1–M2).</summary>
internal static class MCommunitySteps
{
    public const string SourceSystem = "mcommunity_ldap";
    public const string SourceApi = "mcommunity_ldap";

    public static StepDescriptor Descriptor(DatasetId output, string description) => new()
    {
        Name = output.Name,
        Inputs = [Datasets.Sources.MCommunity],
        Outputs = [output],
        Layer = "bronze",
        Source = "mcommunity",
        Tags = ["ldap", "mcommunity"],
        Resources = ["ldap-mcommunity"],
        Description = description,
    };

    public static System.Text.Json.Nodes.JsonObject Metadata(LdapSettings settings, string searchBase) => new()
    {
        ["_change_detection"] = "content_hash_based",
        ["_ldap_server"] = settings.Server,
        ["_search_base"] = searchBase,
    };
}
