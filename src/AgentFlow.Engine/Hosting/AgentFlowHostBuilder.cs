using AgentFlow.Abstractions.Hosting;
using AgentFlow.Engine.Backends;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Collects the orchestrators and activities a host registers with its worker, and the engine settings; returned by
/// <c>services.AddAgentFlow(...)</c>, where it is also the <see cref="IAgentFlowBuilder"/> that the other parts of
/// AgentFlow add themselves to (<c>.AddAgents()</c>, <c>.AddMemory()</c>).
/// </summary>
public sealed class AgentFlowHostBuilder : IAgentFlowBuilder
{
    /// <summary>Creates a builder of its own, outside any service collection (tests, tools).</summary>
    public AgentFlowHostBuilder()
        : this(new ServiceCollection())
    {
    }

    /// <summary>Creates the builder of <paramref name="services"/>.</summary>
    internal AgentFlowHostBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public IConfiguration Configuration { get; internal set; } = new ConfigurationBuilder().Build();

    internal Dictionary<string, Func<ITaskOrchestrator>> Orchestrators { get; } = new(StringComparer.Ordinal);

    /// <summary>Activity factories; the argument is the host's worker-stopping token (see <see cref="AgentFlowHost.StopWorkerAsync"/>).</summary>
    internal Dictionary<string, Func<CancellationToken, ITaskActivity>> Activities { get; } = new(StringComparer.Ordinal);

    /// <summary>The engine settings the host is built with.</summary>
    public AgentFlowEngineOptions Options { get; } = new();

    /// <summary>Registers an orchestrator; <paramref name="create"/> is called once per execution.</summary>
    public AgentFlowHostBuilder AddOrchestrator(string name, Func<ITaskOrchestrator> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(create);
        Orchestrators[name] = create;
        return this;
    }

    /// <summary>Registers an orchestrator type with a parameterless constructor.</summary>
    public AgentFlowHostBuilder AddOrchestrator<T>(string name)
        where T : ITaskOrchestrator, new() => AddOrchestrator(name, () => new T());

    /// <summary>Registers an activity; <paramref name="create"/> is called once per execution.</summary>
    public AgentFlowHostBuilder AddActivity(string name, Func<ITaskActivity> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return AddActivity(name, _ => create());
    }

    /// <summary>
    /// Registers an activity that is given the host's worker-stopping token: it is cancelled when the worker stops
    /// without draining, and the activity should then abandon its work item rather than fail it.
    /// </summary>
    internal AgentFlowHostBuilder AddActivity(string name, Func<CancellationToken, ITaskActivity> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(create);
        Activities[name] = create;
        return this;
    }

    /// <summary>Registers an activity type with a parameterless constructor.</summary>
    public AgentFlowHostBuilder AddActivity<T>(string name)
        where T : ITaskActivity, new() => AddActivity(name, () => new T());

    /// <summary>Runs on the embedded SQLite backend, in <paramref name="dataDirectory"/> when given (else the configured one).</summary>
    public AgentFlowHostBuilder UseSqlite(string? dataDirectory = null) => Configure(o =>
    {
        o.Backend = BackendKind.Sqlite;
        o.DataDirectory = dataDirectory ?? o.DataDirectory;
    });

    /// <summary>Runs on Azure Storage, with <paramref name="connectionString"/> when given (else the configured one).</summary>
    public AgentFlowHostBuilder UseAzureStorage(string? connectionString = null) => Configure(o =>
    {
        o.Backend = BackendKind.AzureStorage;
        o.AzureStorage.ConnectionString = connectionString ?? o.AzureStorage.ConnectionString;
    });

    /// <summary>
    /// Runs on a backend that <paramref name="create"/> makes from the engine settings, instead of the one they name:
    /// the seam for a backend outside the engine (the in-memory task hub of the tests and benchmarks).
    /// </summary>
    public AgentFlowHostBuilder UseBackend(Func<AgentFlowEngineOptions, ILoggerFactory, IDurableBackend> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        BackendFactory = create;
        return this;
    }

    /// <summary>The backend set by <see cref="UseBackend"/>, or null for the one the settings name.</summary>
    internal Func<AgentFlowEngineOptions, ILoggerFactory, IDurableBackend>? BackendFactory { get; private set; }

    /// <summary>Changes engine settings.</summary>
    public AgentFlowHostBuilder Configure(Action<AgentFlowEngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Options);
        return this;
    }
}
