namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// What every action carries the same way: its type, version and configuration, the three parts of its action id
/// (<see cref="ActionIdentity"/>). An action derives from this and adds its work; <see cref="ITicketAction"/> stays the
/// contract the poller and the log use.
/// </summary>
public abstract class TicketAction : ITicketAction
{
    /// <summary>Sets the parts of the action id.</summary>
    /// <param name="type">The type, e.g. <c>add_asset</c>.</param>
    /// <param name="config">The parameters that define the action's behaviour.</param>
    /// <param name="version">The version, e.g. <c>v2</c>.</param>
    protected TicketAction(string type, ActionConfig config, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(version);
        Type = type;
        Config = config;
        Version = version;
    }

    /// <inheritdoc />
    public string Type { get; }

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public ActionConfig Config { get; }

    /// <inheritdoc />
    public virtual bool RunsEveryPoll => false;

    /// <inheritdoc />
    public abstract Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken);
}
