using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Tdx;

/// <summary>What a simulated endpoint answers: JSON, plain text, or nothing.</summary>
public sealed record ApiResult(int Status, JsonNode? Json = null, string? Text = null)
{
    /// <summary>200 with JSON.</summary>
    public static ApiResult Ok(JsonNode? json) => new(200, json);

    /// <summary>An ASP.NET-style error {"Message": ...}.</summary>
    public static ApiResult Error(int status, string message) => new(status, new JsonObject { ["Message"] = message });

    /// <summary>404 naming what was not found.</summary>
    public static ApiResult NotFound(string what) => Error(404, $"{what} was not found.");
}
