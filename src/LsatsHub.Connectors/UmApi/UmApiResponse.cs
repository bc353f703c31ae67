using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.UmApi;

/// <summary>One answer of the gateway: a parsed 2xx body, or an error status with its body text.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Json">The body of a 2xx answer, parsed.</param>
/// <param name="ErrorText">The start of the body of a non-2xx answer, for the error message.</param>
internal sealed record UmApiResponse(int Status, JsonNode? Json, string ErrorText)
{
    public bool IsSuccess => Status is >= 200 and < 300 && Json is not null;

    /// <summary>Why another attempt may succeed (a 5xx, a 408, a 2xx with a cut-off body); null for a final answer.</summary>
    public string? TransientReason { get; init; }

    /// <summary>For a 429: when the gateway said its window resets (<c>X-RateLimit-Reset</c> or <c>Retry-After</c>), if it did.</summary>
    public DateTimeOffset? RateLimitReset { get; init; }

    public bool IsRateLimited => Status == 429;
}
