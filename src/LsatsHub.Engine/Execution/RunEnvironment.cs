using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Engine.Execution;

/// <summary>What every step execution of one run shares.</summary>
/// <param name="RunId">The run.</param>
/// <param name="DataSource">The warehouse, handed to each step context.</param>
/// <param name="Configuration">The run's configuration, handed to each step context.</param>
/// <param name="LoggerFactory">Makes one logger per step, named after it.</param>
/// <param name="Clock">Every time stamp, timeout and backoff delay.</param>
/// <param name="DryRun">Handed to each step context.</param>
/// <param name="Observer">The caller's observer, guarded.</param>
/// <param name="Logger">The executor's own logger.</param>
internal sealed record RunEnvironment(
    Guid RunId,
    NpgsqlDataSource DataSource,
    IConfiguration Configuration,
    ILoggerFactory LoggerFactory,
    TimeProvider Clock,
    bool DryRun,
    GuardedObserver Observer,
    ILogger Logger);
