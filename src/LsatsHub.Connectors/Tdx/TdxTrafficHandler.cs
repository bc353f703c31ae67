using System.Net;

namespace LsatsHub.Connectors.Tdx;

/// <summary>Innermost handler: counts every request that goes on the wire and feeds the answer's rate-limit headers to the gate.</summary>
internal sealed class TdxTrafficHandler(TdxTrafficCounter counter, TdxRateLimitGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.CountCall();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            counter.CountRateLimited();
        }

        gate.Observe(TdxRoute.Of(request), response);
        return response;
    }
}
