using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Hosting;
using AgentFlow.Cli.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Memory;
using AgentFlow.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Cli;

/// <summary>
/// The composition of one command, the same one a long-lived host uses: settings from <see cref="CliConfiguration"/>
/// (agentflow.json, <c>AGENTFLOW__*</c>, then <c>--data-dir</c>/<c>--backend</c>), logging to stderr, and
/// <c>AddAgentFlow(configuration).AddAgents().AddMemory().AddSampleTools()</c>, with telemetry export as configured
/// (docs/observability.md; flushed when the command's services are disposed, and spans on stderr with <c>--verbose</c>). Settings are checked when it is created
/// (<c>ValidateOnStart</c>), so a malformed one is one line naming it, before anything is opened; every service is
/// created on first use, so a command opens only the files it uses.
/// </summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider, IConfiguration configuration)
    {
        _provider = provider;
        Configuration = configuration;
    }

    /// <summary>The command's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The engine settings (backend, data directory, task hub).</summary>
    public AgentFlowEngineOptions Options => Get<IOptions<AgentFlowEngineOptions>>().Value;

    /// <summary>Where runs live, for messages: the data dir or the task hub.</summary>
    public string Location => Options.Backend == BackendKind.Sqlite ? Options.DataDirectory : $"task hub '{Options.AzureStorage.TaskHubName}'";

    /// <summary>Composes the services; <paramref name="dataDirectory"/> and <paramref name="backend"/> are the command-line options, <paramref name="runEvents"/> logs each run's events.</summary>
    /// <exception cref="Abstractions.Configuration.ConfigurationException">A setting is malformed; the message names it.</exception>
    /// <remarks><paramref name="customize"/> changes the composition before it is built (<c>agentflow eval</c>: fixtures, outbox-only e-mail).</remarks>
    public static CliServices Create(string? dataDirectory = null, string? backend = null, bool runEvents = false, Action<IServiceCollection>? customize = null)
    {
        var configuration = CliConfiguration.Build(dataDirectory, backend);
        var services = new ServiceCollection();
        Compose(services, configuration, runEvents);
        customize?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return new CliServices(provider, configuration);
    }

    /// <summary>Adds a command's services to <paramref name="services"/> (also those of a Generic Host, for <c>agentflow worker</c>).</summary>
    /// <exception cref="Abstractions.Configuration.ConfigurationException">An engine setting is malformed; the message names it.</exception>
    public static AgentFlowHostBuilder Compose(IServiceCollection services, IConfigurationRoot configuration, bool runEvents)
    {
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => CliLogging.Configure(logging, configuration, runEvents));
        // A command waits on its own runs, so it polls fast, unless the configuration says how fast (a worker fleet).
        var pollingSet = configuration.Find("azureStorage.maxQueuePollingInterval") is not null;
        var builder = services.AddAgentFlow(configuration, o => o.AzureStorage.MaxQueuePollingInterval = pollingSet ? o.AzureStorage.MaxQueuePollingInterval : TimeSpan.FromMilliseconds(100));
        builder.AddAgents().AddMemory().AddSampleTools();
        builder.AddTelemetry(VerboseSpans);
        return builder;
    }

    /// <summary>With <c>--verbose</c>, one line per finished span on stderr (stdout is the command's output).</summary>
    public static void VerboseSpans(TelemetryOptions options)
    {
        if (CliLogging.Verbose)
        {
            options.SpanLog = Console.Error;
        }
    }

    /// <summary>The service of type <typeparamref name="T"/> (created on first use).</summary>
    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>The service provider, for what resolves several services.</summary>
    public IServiceProvider Provider => _provider;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
