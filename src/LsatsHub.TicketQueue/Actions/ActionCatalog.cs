using Microsoft.Extensions.Configuration;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// The known actions and the configured chain: <c>LSATS_QUEUE_ACTIONS</c> (default the production chain
/// <c>add_asset,add_lab,find_active_tickets,summary_comment</c>); each action's parameters from its defaults and
/// <c>LSATS_QUEUE_&lt;TYPE&gt;_&lt;KEY&gt;</c>, its version from <c>LSATS_QUEUE_&lt;TYPE&gt;_VERSION</c>.
/// </summary>
public static class ActionCatalog
{
    /// <summary>The variable naming the chain.</summary>
    public const string ChainVariable = "LSATS_QUEUE_ACTIONS";

    /// <summary>The original's production chain.</summary>
    public const string DefaultChain = "add_asset,add_lab,find_active_tickets,summary_comment";

    private static readonly Dictionary<string, (ActionConfig Defaults, string Version, Func<ActionConfig, string, ITicketAction> Create)> Known = new(StringComparer.Ordinal)
    {
        [CommentAction.TypeName] = (CommentAction.Defaults, "v1", (config, version) => new CommentAction(config, version)),
        [AddAssetAction.TypeName] = (AddAssetAction.Defaults, "v2", (config, version) => new AddAssetAction(config, version)),
        [AddLabAction.TypeName] = (AddLabAction.Defaults, "v2", (config, version) => new AddLabAction(config, version)),
        [FindActiveTicketsAction.TypeName] = (FindActiveTicketsAction.Defaults, "v1", (config, version) => new FindActiveTicketsAction(config, version)),
        [SummaryCommentAction.TypeName] = (SummaryCommentAction.Defaults, "v1", (config, version) => new SummaryCommentAction(config, version)),
    };

    /// <summary>The action types that exist.</summary>
    public static IReadOnlyCollection<string> Types => Known.Keys;

    /// <summary>Builds the configured chain.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The actions in order.</returns>
    /// <exception cref="FormatException">An unknown type, a repeated one, or a malformed parameter; the message names the variable.</exception>
    public static IReadOnlyList<ITicketAction> Chain(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = string.IsNullOrWhiteSpace(configuration[ChainVariable]) ? DefaultChain : configuration[ChainVariable]!;
        var types = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (types.Length == 0)
        {
            throw new FormatException($"{ChainVariable} names no action; known: {string.Join(", ", Known.Keys)}.");
        }

        var chain = new List<ITicketAction>();
        foreach (var type in types)
        {
            if (!Known.TryGetValue(type, out var known))
            {
                throw new FormatException($"{ChainVariable}: unknown action '{type}'; known: {string.Join(", ", Known.Keys)}.");
            }

            if (chain.Any(action => action.Type == type))
            {
                throw new FormatException($"{ChainVariable}: '{type}' appears twice.");
            }

            var version = configuration[ActionConfig.VariableName(type, "version")] is { Length: > 0 } v ? v.Trim() : known.Version;
            chain.Add(known.Create(known.Defaults.Configure(type, configuration), version));
        }

        return chain;
    }
}
