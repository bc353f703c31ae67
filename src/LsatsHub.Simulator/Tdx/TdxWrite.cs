using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Tdx;

/// <summary>One change a client made (ticket created or updated, feed entry, CI created/edited, link, relationship).</summary>
public sealed record TdxWrite(string Kind, int TargetId, JsonNode? Body, DateTimeOffset Time);
