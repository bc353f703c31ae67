using LsatsHub.Engine;

namespace LsatsHub.Pipelines;

/// <summary>
/// The tags LSATS steps carry, declared once, selectable as <c>tag:NAME</c>. A tag never repeats a step's layer
/// or source (building the graph rejects that): those have their own selectors, <c>layer:</c> and <c>source:</c>.
/// </summary>
public static class Tags
{
    /// <summary>A first fetch of a TDX entity list.</summary>
    public static readonly StepTag Ingest = new("ingest");

    /// <summary>A per-record detail fetch after an ingest (TDX T4–T6).</summary>
    public static readonly StepTag Enrich = new("enrich");

    /// <summary>Reads a directory over LDAP (AD and MCommunity).</summary>
    public static readonly StepTag Ldap = new("ldap");

    /// <summary>Silver tier 1: a table from one source.</summary>
    public static readonly StepTag Tier1 = new("tier1");

    /// <summary>Silver tier 2: one row per real person, group, department or computer, merged across sources.</summary>
    public static readonly StepTag Tier2 = new("tier2");

    /// <summary>Silver tier 3: research labs and what hangs off them, composed from tier 2.</summary>
    public static readonly StepTag Tier3 = new("tier3");
}
