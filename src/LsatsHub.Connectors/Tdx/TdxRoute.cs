using System.Globalization;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// TDX limits calls per API method, not per URL: a request's route is its method and path below the API root with
/// ids (numbers, GUIDs) replaced by <c>{id}</c>, e.g. <c>GET people/{id}</c>. Also names endpoints in error messages.
/// </summary>
internal static class TdxRoute
{
    public static string Of(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var apiIndex = Array.FindIndex(segments, s => s.Equals("api", StringComparison.OrdinalIgnoreCase));
        var relevant = segments.Skip(apiIndex + 1).Select(s => IsId(s) ? "{id}" : s);
        return request.Method.Method + " " + string.Join('/', relevant);
    }

    private static bool IsId(string segment) =>
        long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _) || Guid.TryParse(segment, out _);
}
