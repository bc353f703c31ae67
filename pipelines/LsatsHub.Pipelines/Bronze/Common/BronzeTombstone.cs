namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// The version written when an entity disappears from a complete full fetch:
/// <c>raw_data = {"_deleted": true, "_content_hash": "deleted", "_deleted_at": "&lt;ISO-8601 UTC&gt;"}</c>.
/// Silver marks such entities inactive (or removes them); a later fetch that contains the entity again writes a new
/// version. The view <c>bronze.latest_raw_entities</c> exposes the flag as <c>is_deleted</c>.
/// </summary>
public static class BronzeTombstone
{
    /// <summary>The <c>raw_data</c> key that marks a tombstone (value <c>true</c>); reserved, sources may not use it.</summary>
    public const string DeletedKey = "_deleted";

    /// <summary>The content hash a tombstone carries.</summary>
    public const string ContentHash = "deleted";
}
