namespace LsatsHub.Compliance.Outreach;

/// <summary>A claimed, not yet completed outreach row.</summary>
/// <param name="OutreachId">The row.</param>
/// <param name="ClaimedAt">When it was claimed.</param>
/// <param name="CommentHash">The claimed comment's <see cref="CommentText.Hash"/>.</param>
public sealed record OutreachClaim(long OutreachId, DateTimeOffset ClaimedAt, string CommentHash);
