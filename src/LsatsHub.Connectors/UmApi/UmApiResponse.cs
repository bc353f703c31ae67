using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.UmApi;

/// <summary>A final (not retried) answer of the gateway: a parsed 2xx body, or an error status with its body text.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Json">The body of a 2xx answer, parsed.</param>
/// <param name="ErrorText">The start of the body of a non-2xx answer, for the error message.</param>
internal sealed record UmApiResponse(int Status, JsonNode? Json, string ErrorText)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
