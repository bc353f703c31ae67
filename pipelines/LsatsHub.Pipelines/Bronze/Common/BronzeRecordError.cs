namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>A record the source produced but that cannot go into bronze.</summary>
/// <param name="ExternalId">The entity's key if it is known.</param>
/// <param name="Reason">Why it was rejected, for people; must not contain secrets.</param>
public sealed record BronzeRecordError(string? ExternalId, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{ExternalId ?? "(no external id)"}: {Reason}";
}
