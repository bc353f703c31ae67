using Google.Apis.Util;

namespace LsatsHub.Connectors.Sheets;

/// <summary>Google's auth library asks its clock whether a token is stale; this one is the injected <see cref="TimeProvider"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : IClock
{
    public DateTime Now => time.GetLocalNow().DateTime;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
