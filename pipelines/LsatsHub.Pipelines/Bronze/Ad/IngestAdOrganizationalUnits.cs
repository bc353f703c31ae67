using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// A3: the OUs under LSA's "Research and Instrumentation" and "Workstations", with the seed's inline enrichment. The
/// seed ran two one-level searches per OU on new connections; here the computers of both subtrees are read once (DNs
/// only) and counted by parent, and child OUs are counted from the OUs themselves — four searches on one connection.
/// OUs are held in memory (thousands, not hundreds of thousands); computers are only counted. Full fetch every run.
/// </summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestAdOrganizationalUnits(ILdapConnector ldap) : IStep
{
    /// <summary>First A3 base.</summary>
    public const string ResearchBase = "OU=Research and Instrumentation,OU=LSA,OU=Organizations,OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>Second A3 base.</summary>
    public const string WorkstationsBase = "OU=Workstations,OU=LSA,OU=Organizations,OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>The A3 filter.</summary>
    public const string Filter = "(objectClass=organizationalUnit)";

    /// <summary>
    /// The slice and its hash fields (docs/sources.md, A3: its LDAP fields plus the derived <c>_direct_computer_count</c>,
    /// <c>_child_ou_count</c> and <c>_ou_hierarchy</c>, so a computer moving in or out of an OU makes a new version).
    /// </summary>
    public static readonly BronzeEntity Entity = new(AdSteps.SourceSystem, "organizational_unit",
    [
        "name", "ou", "distinguishedName", "objectGUID", "description", "managedBy", "street", "l", "postalCode", "gPLink",
        "gPOptions", "objectCategory", "objectClass", "whenCreated", "whenChanged", "uSNCreated", "uSNChanged",
        "dSCorePropagationData", "instanceType", "systemFlags", "_direct_computer_count", "_child_ou_count", "_ou_hierarchy",
    ]);

    private static readonly string[] Bases = [ResearchBase, WorkstationsBase];

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdOrganizationalUnits, "A3: AD organizational units with child counts and name patterns (LDAP, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForActiveDirectory(context.Configuration);
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.ActiveDirectory);
        var metadata = AdSteps.Metadata(settings, searchBase: null);
        var records = source.StreamAsync((session, ct) => Enriched(session, metadata, ct), cancellationToken);
        var runMetadata = source.RunMetadata(AdSteps.SourceApi, string.Join("; ", Bases), Filter);
        runMetadata["search_bases"] = new JsonArray([.. Bases.Select(b => (JsonNode)b)]);
        runMetadata["includes_child_counts"] = true;
        runMetadata["includes_enrichment"] = true;
        runMetadata["enrichment_fields"] = new JsonArray([.. OuEnrichment.Keys.Select(k => (JsonNode)k)]);
        return BronzeIngestion.RunAsync(
            context,
            Entity,
            records,
            new BronzeWriteOptions { CompleteFullFetch = true, RunMetadata = runMetadata, CompletionMetadata = source.CompletionMetadata },
            cancellationToken);
    }

    private static async IAsyncEnumerable<BronzeRecordOrError> Enriched(LdapSession session, JsonObject metadata, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var computersByParent = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var searchBase in Bases)
        {
            await foreach (var computer in session.SearchAsync(new LdapSearch(searchBase, "(objectClass=computer)", ["cn"]), cancellationToken).ConfigureAwait(false))
            {
                var parent = OuEnrichment.ParentDn(computer.DistinguishedName);
                computersByParent[parent] = computersByParent.GetValueOrDefault(parent) + 1;
            }
        }

        var units = new List<(LdapEntry Entry, string Origin)>();
        foreach (var searchBase in Bases)
        {
            await foreach (var unit in session.SearchAsync(new LdapSearch(searchBase, Filter, ["*"]), cancellationToken).ConfigureAwait(false))
            {
                units.Add((unit, searchBase));
            }
        }

        var childOusByParent = units
            .GroupBy(unit => OuEnrichment.ParentDn(unit.Entry.DistinguishedName), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var (entry, origin) in units)
        {
            var item = LdapBronzeSource.ToRecord(entry, AdSteps.KeyAttribute, metadata);
            if (item.Record is { } record)
            {
                var dn = entry.DistinguishedName;
                OuEnrichment.Apply(
                    record.RawData,
                    dn,
                    entry.Text("ou"),
                    origin,
                    computersByParent.GetValueOrDefault(dn),
                    childOusByParent.GetValueOrDefault(dn));
            }

            yield return item;
        }
    }
}
