using System.CommandLine;
using LsatsHub.Engine;
using LsatsHub.Engine.Graph;
using LsatsHub.Pipelines;
using LsatsHub.Runner.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Runner.Hosting;

/// <summary>Everything one invocation wires together: configuration, settings, logging and services.</summary>
internal sealed class CommandSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CommandSession(RunnerEnvironment environment, IConfiguration configuration, RunnerSettings settings, ILoggerFactory loggerFactory)
    {
        Environment = environment;
        Configuration = configuration;
        Settings = settings;
        LoggerFactory = loggerFactory;
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(environment.Clock);
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(settings.Database.ConnectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "lsats-run";
            builder.UseLoggerFactory(loggerFactory);
            return builder.Build();
        });
        (environment.RegisterSteps ?? (collection => collection.AddLsatsPipelines()))(services);
        services.AddSingleton(provider => PipelineGraph.Build(provider.GetServices<IStep>(), provider.GetServices<ExternalDataset>()));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    public RunnerEnvironment Environment { get; }

    public IConfiguration Configuration { get; }

    public RunnerSettings Settings { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IServiceProvider Services => _services;

    public PipelineGraph Graph => _services.GetRequiredService<PipelineGraph>();

    public NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    /// <param name="informational">Log informational messages to standard error without --verbose (a daemon's journal).</param>
    public static CommandSession Open(RunnerEnvironment environment, ParseResult parseResult, string commandName, bool logToFile, IReadOnlyDictionary<string, string> overrides, bool informational = false)
    {
        var configuration = RunnerConfiguration.Build(environment.Variables, parseResult.GetValue(GlobalOptions.EnvFile)?.FullName, overrides);
        var settings = RunnerSettings.From(configuration);
        var loggerFactory = RunnerLogging.Create(
            settings, commandName, informational || parseResult.GetValue(GlobalOptions.Verbose), logToFile, environment.Clock.GetUtcNow(), environment.Error,
            journal: informational && !string.IsNullOrEmpty(environment.Variables.GetValueOrDefault("JOURNAL_STREAM")));
        return new CommandSession(environment, configuration, settings, loggerFactory);
    }

    public ILogger Logger(string category) => LoggerFactory.CreateLogger(category);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        LoggerFactory.Dispose();
    }
}
