namespace LsatsHub.Compliance.Create;

/// <summary>How one <c>compliance create</c> run behaves.</summary>
public sealed record ComplianceCreateOptions
{
    /// <summary>The month tab, e.g. <c>March</c> (also the ticket titles' month).</summary>
    public required string Tab { get; init; }

    /// <summary>Read everything, write nothing (no ticket, link, cell or ledger row; the run's counts are still recorded).</summary>
    public bool DryRun { get; init; }

    /// <summary>Have TDX e-mail each requestor. The caller decides (off in a sandbox and in a dry run).</summary>
    public bool Notify { get; init; }

    /// <summary>The ticket's fixed fields.</summary>
    public ComplianceTicketSettings Ticket { get; init; } = new();

    /// <summary>The TDX web UI root for ticket links, e.g. <c>https://teamdynamix.umich.edu/TDNext/</c>.</summary>
    public required Uri WebRoot { get; init; }

    /// <summary>
    /// Test hook, called right after TDX created a ticket and before the ledger records it: a hook that throws stands for
    /// a process killed at the worst moment (the exception is not caught by the per-owner error handling).
    /// </summary>
    internal Func<int, CancellationToken, Task>? AfterTicketCreated { get; init; }

    /// <summary>The ticket's link in the web UI.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <returns>The URL.</returns>
    public Uri TicketUrl(int ticketId) => new(WebRoot, $"Apps/46/Tickets/TicketDet?TicketID={ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>
    /// The web UI root for a TDX API base URL, as the original built it: <c>/SBTDWebApi/api</c> → <c>/SBTDNext/</c>,
    /// <c>/TDWebApi/api</c> → <c>/TDNext/</c>; any other path gets <c>/TDNext/</c> at the same host.
    /// </summary>
    /// <param name="baseUrl">The API base URL.</param>
    /// <returns>The web root.</returns>
    public static Uri WebRootOf(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        var root = path.EndsWith("/SBTDWebApi/api", StringComparison.OrdinalIgnoreCase) ? path[..^"/SBTDWebApi/api".Length] + "/SBTDNext/"
            : path.EndsWith("/TDWebApi/api", StringComparison.OrdinalIgnoreCase) ? path[..^"/TDWebApi/api".Length] + "/TDNext/"
            : "/TDNext/";
        return new Uri(baseUrl, root);
    }
}
