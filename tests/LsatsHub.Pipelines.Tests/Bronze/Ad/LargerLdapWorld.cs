namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>
/// A world of about 12,000 AD users, big enough that a month's changes to them fill several 1,000-entry pages (the
/// directory's work per page is what <see cref="AdIncrementalWorkTests"/> looks at).
/// </summary>
public sealed class LargerLdapWorld() : LdapWorld(0.02);
