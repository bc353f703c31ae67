namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// The version written when an entity disappears from a complete full fetch:
/// <c>raw_data = {"_deleted": true, "_content_hash": "deleted", "_deleted_at": "&lt;ISO-8601 UTC&gt;"}</c>.
/// Silver marks such entities inactive; a later fetch that contains the entity again writes a new version.
/// </summary>
public static class BronzeTombstone
{
    /// <summary>The <c>raw_data</c> key that marks a tombstone (value <c>true</c>); reserved, sources may not use it.</summary>
    public const string DeletedKey = "_deleted";

    /// <summary>The content hash a tombstone carries.</summary>
    public const string ContentHash = "deleted";

    /// <summary>A SQL predicate over <c>raw_data</c> that is true for tombstones.</summary>
    public const string IsTombstoneSql = "raw_data @> '{\"_deleted\": true}'";
}
