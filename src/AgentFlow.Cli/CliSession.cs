using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tools;
using AgentFlow.Cli.Configuration;
using AgentFlow.Core.Paths;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tools;
using AgentFlow.Memory;
using AgentFlow.Memory.Retrieval;
using AgentFlow.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Cli;

/// <summary>A host on the configured backend with the workflow runtime; with a worker for commands that move runs.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly AgentFlowHost _host;
    private List<IAsyncDisposable> _owned = [];

    private CliSession(AgentFlowHost host, RunClient client, AgentFlowEngineOptions options)
    {
        _host = host;
        Client = client;
        Options = options;
    }

    public RunClient Client { get; }

    /// <summary>The decisions recorded in the backend's run histories (runs, sub-runs and map chunks it lists).</summary>
    public IRecordedDecisionSource RecordedDecisions => new RunHistoryDecisionSource(_host);

    public AgentFlowEngineOptions Options { get; }

    /// <summary>Where runs live, for messages: the data dir or the task hub.</summary>
    public string Location => Options.Backend == BackendKind.Sqlite ? Options.DataDirectory : $"task hub '{Options.AzureStorage.TaskHubName}'";

    /// <summary>Opens the backend with the workflow runtime; <paramref name="worker"/> also executes work, <paramref name="runEvents"/> logs each run's events.</summary>
    public static async Task<CliSession> OpenAsync(AgentFlowEngineOptions options, bool worker, CancellationToken cancellationToken, bool runEvents = false)
    {
        var data = options.DataDirectory;
        var logging = CliLogging.Create(runEvents);
        var owned = new List<IAsyncDisposable> { new DisposeAdapter(logging) };
        var smtp = CliSettings.LoadSmtp();
        var paths = CliSettings.LoadAllowPaths();
        var outbox = Path.Combine(data, "outbox");
        var runtime = new WorkflowRuntime(
            WorkflowRuntime.CreateStore(options),
            CreateExecutors(data, owned, smtp, paths, logging),
            new ApprovalEventSink(new AuditLog(data, CliSettings.LoadAudit()), new OperatorStore(data), outbox, smtp.IsConfigured ? new SmtpEmailToolKind(smtp).SendAsync : null),
            paths);
        return await OpenHostAsync(options, runtime, worker, owned, logging, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the backend only to read runs, their histories and waits (<c>runs</c>, <c>show</c>, <c>approvals</c>,
    /// <c>audit verify</c>): no worker, no executors, and so no ledger, memory, retrieval or audit files are created.
    /// </summary>
    public static async Task<CliSession> OpenReadOnlyAsync(AgentFlowEngineOptions options, CancellationToken cancellationToken)
    {
        var logging = CliLogging.Create(runEvents: false);
        var runtime = new WorkflowRuntime(WorkflowRuntime.CreateStore(options), new NodeExecutorRegistry([]));
        return await OpenHostAsync(options, runtime, worker: false, [new DisposeAdapter(logging)], logging, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CliSession> OpenHostAsync(AgentFlowEngineOptions options, WorkflowRuntime runtime, bool worker, List<IAsyncDisposable> owned, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var builder = new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o =>
        {
            o.Backend = options.Backend;
            o.DataDirectory = options.DataDirectory;
            o.Durability = options.Durability;
            o.AzureStorage = options.AzureStorage;
        });
        var host = await AgentFlowHost.CreateAsync(builder, logging, cancellationToken).ConfigureAwait(false);
        if (worker)
        {
            await host.StartWorkerAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CliSession(host, new RunClient(host, runtime), options) { _owned = owned };
    }

    /// <summary>
    /// The executors this build ships: llm (Semantic Kernel providers and the local model, with agents' memories),
    /// remember/recall (SQLite memory, local embedder), retrieve (files/rss/http sources, hybrid search), and
    /// tools: code tools (built-in, plus the samples the example workflows use), e-mail (SMTP when configured, else the
    /// outbox folder), HTTP and MCP; medium/high-risk tools go through the side-effect ledger. Source paths may reach
    /// the folders of <paramref name="paths"/> besides the workflow's own.
    /// </summary>
    public static NodeExecutorRegistry CreateExecutors(string dataDirectory, List<IAsyncDisposable> owned, SmtpOptions smtp, PathConfinement paths, ILoggerFactory? logging = null)
    {
        var ledger = new SqliteEffectLedger(dataDirectory);
        owned.Add(ledger);
        var mcp = new McpToolKind();
        owned.Add(mcp);
        // Memory comes from its own composition (AddMemory); the provider owns and disposes the store.
        var memoryServices = new ServiceCollection();
        memoryServices.AddSingleton(Microsoft.Extensions.Options.Options.Create(CliSettings.LoadEmbedder()));
        var memoryProvider = memoryServices.AddMemory(dataDirectory).BuildServiceProvider();
        owned.Add(memoryProvider);
        var memory = memoryProvider.GetRequiredService<IMemoryStore>();
        var embedder = memoryProvider.GetRequiredService<IEmbedder>();

        // Medium- and high-risk tools act at most once per idempotency key (the ledger decides).
        IToolKind[] kinds =
        [
            new LedgeredToolKind(new CodeToolKind([.. BuiltInTools.Create(), .. SampleTools.Create(dataDirectory)]), ledger),
            new LedgeredToolKind(smtp.IsConfigured ? new SmtpEmailToolKind(smtp) : new OutboxEmailToolKind(Path.Combine(dataDirectory, "outbox")), ledger),
            new LedgeredToolKind(new HttpToolKind(), ledger),
            new LedgeredToolKind(mcp, ledger),
        ];
        var retrieval = new RetrievalService(dataDirectory, embedder, new RetrievalOptions { AllowPaths = paths.AllowPaths });
        owned.Add(new DisposeAdapter(retrieval));
        var llm = new LlmNodeExecutor(new LlmOptions(), kind => kinds.FirstOrDefault(k => k.Kind == kind), logging, new AgentMemory(memory, embedder));
        owned.Add(new DisposeAdapter(llm));
        return new([new ToolNodeExecutor(kinds), llm, .. memoryProvider.GetServices<INodeExecutor>(), new RetrieveNodeExecutor(retrieval)]);
    }

    /// <summary>Stops the worker after the work items in flight have finished (a worker's orderly shutdown).</summary>
    public Task DrainAsync(CancellationToken cancellationToken = default) => _host.StopWorkerAsync(drain: true, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class DisposeAdapter(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
