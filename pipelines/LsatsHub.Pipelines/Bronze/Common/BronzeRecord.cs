using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// One record as received from a source. The writer hashes it with the fields its <see cref="BronzeEntity"/> names
/// and stores <see cref="RawData"/> plus the hash; the object itself is not modified.
/// </summary>
/// <param name="ExternalId">The source's key for the entity (at most 255 characters).</param>
/// <param name="RawData">The record as received; top-level keys starting with an underscore are metadata (not hashed).</param>
public sealed record BronzeRecord(string ExternalId, JsonObject RawData);
