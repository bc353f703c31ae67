using System.Text;
using Microsoft.AspNetCore.Http;

namespace LsatsHub.Simulator.Hosting;

/// <summary>A request reduced to what the simulators route on: method, path segments after the base path, query, body text.</summary>
public sealed record SimulatorRequest(string Method, string Path, string[] Segments, IReadOnlyDictionary<string, string> Query, string QueryString, string Body)
{
    /// <summary>Reads <paramref name="context"/>'s request, collapsing repeated slashes (clients send `api//accounts`).</summary>
    public static async Task<SimulatorRequest> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Request.Path.Value ?? "/";
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c != '/' || builder.Length == 0 || builder[^1] != '/')
            {
                builder.Append(c);
            }
        }

        var path = builder.ToString().TrimEnd('/');
        var query = context.Request.Query.ToDictionary(q => q.Key.TrimStart('$'), q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return new SimulatorRequest(context.Request.Method.ToUpperInvariant(), path, path.Split('/', StringSplitOptions.RemoveEmptyEntries), query,
            context.Request.QueryString.Value ?? string.Empty, body);
    }
}
