using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Engine;

/// <summary>Everything one attempt of a step may use. A fresh context is made for each attempt.</summary>
public sealed class StepContext
{
    /// <summary>The warehouse. Connections are opened lazily, so a step that needs none costs nothing.</summary>
    public required NpgsqlDataSource DataSource { get; init; }

    /// <summary>A logger scoped to the step.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>The id of the pipeline run this attempt belongs to.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The step's name.</summary>
    public required string StepName { get; init; }

    /// <summary>The clock; never read the system time directly.</summary>
    public required TimeProvider Clock { get; init; }

    /// <summary>When true the step must have no side effects and only report what it would do.</summary>
    public required bool DryRun { get; init; }

    /// <summary>The run's configuration (environment, env file, command line).</summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>1 for the first attempt, 2 for the first retry, and so on.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Rows read and written by this attempt.</summary>
    public StepCounters Counters { get; } = new();

    /// <summary>Progress the runner shows while the step runs (entities read, calls made and remaining).</summary>
    public StepProgress Progress { get; } = new();
}
