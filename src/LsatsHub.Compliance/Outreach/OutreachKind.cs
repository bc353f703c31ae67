namespace LsatsHub.Compliance.Outreach;

/// <summary>Which escalation of the monthly compliance outreach (docs/compliance.md).</summary>
public enum OutreachKind
{
    /// <summary>Second outreach: the ticket's original description re-posted as a communication to the requestor.</summary>
    Second,

    /// <summary>Third outreach: an escalation copying the chief administrators and financial owners of the ticket's computers.</summary>
    Third,
}
