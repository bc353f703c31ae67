namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The TDX tenant a writing command is about to change: its environment (<c>sandbox</c> or <c>production</c>, decided by
/// the base URL alone, <see cref="TdxOptions.Environment"/>) and the base URL without user information or query, so it can
/// be printed and recorded without ever carrying a secret.
/// </summary>
/// <param name="Environment"><c>sandbox</c> or <c>production</c>.</param>
/// <param name="BaseUrl">Scheme, host, port and path of the API root.</param>
public sealed record TdxWriteTarget(string Environment, string BaseUrl)
{
    /// <summary>True for a production tenant.</summary>
    public bool IsProduction => Environment == "production";

    /// <summary>The target of the configured connection.</summary>
    /// <param name="options">The TDX options.</param>
    /// <returns>The target.</returns>
    public static TdxWriteTarget Of(TdxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.BaseUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return new TdxWriteTarget(options.Environment, url);
    }

    /// <summary>The line every TDX-writing command prints at start.</summary>
    /// <param name="command">The command, e.g. <c>tdx.lab_cis</c>.</param>
    /// <param name="dryRun">True when nothing will be written.</param>
    /// <returns>One line for people.</returns>
    public string Describe(string command, bool dryRun) =>
        $"TDX {Environment.ToUpperInvariant()} at {BaseUrl}: {command}{(dryRun ? " (dry run: nothing is written to TDX)" : string.Empty)}";
}
