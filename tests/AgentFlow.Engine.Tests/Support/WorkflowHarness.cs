using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>A real embedded (sqlite) host running the workflow runtime, plus helpers to write and run workflow files.</summary>
public class WorkflowHarness : IAsyncLifetime
{
    private AgentFlowHost? _host;

    /// <summary>Temporary folder holding the data dir, workflow files and the side-effect file.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("agentflow-runs-").FullName;

    /// <summary>Lines appended by the <c>test.count</c> tool.</summary>
    public string SideEffects => Path.Combine(Directory, "effects.txt");

    public RunClient Client { get; private set; } = null!;

    /// <summary>The host (backend, worker, client).</summary>
    public AgentFlowHost Host => _host!;

    public WorkflowRuntime Runtime { get; private set; } = null!;

    /// <summary>Operators of the harness's data dir.</summary>
    public OperatorStore Operators { get; private set; } = null!;

    /// <summary>The audit log of the harness's data dir (its key outside the data dir, in the temporary folder).</summary>
    public AuditLog Audit { get; private set; } = null!;

    /// <summary>The token of the first operator, <c>admin</c>, which adding more operators needs.</summary>
    public string AdminToken { get; private set; } = null!;

    public AgentFlowEngineOptions Options => _options ??= CreateOptions();

    private AgentFlowEngineOptions? _options;

    /// <summary>The backend settings; the embedded backend in a temporary data dir unless overridden.</summary>
    protected virtual AgentFlowEngineOptions CreateOptions() => new() { Backend = BackendKind.Sqlite, DataDirectory = Path.Combine(Directory, "data") };

    /// <summary>Last changes to the host builder before the host is made (another backend, for instance).</summary>
    protected virtual void ConfigureHost(AgentFlowHostBuilder builder)
    {
    }

    /// <summary>The sink approval events go to: the real one (audit, outbox mail) unless a test wraps it.</summary>
    protected virtual IApprovalEventSink CreateApprovalEventSink(IApprovalEventSink sink) => sink;

    /// <summary>Where approvals with <c>learn</c> remember feedback: nowhere (such workflows cannot start) unless a test says.</summary>
    protected virtual Abstractions.Memory.IAgentMemoryWriter? CreateMemory() => null;

    /// <summary>Writes a workflow file (the text is the JSON) and returns its path.</summary>
    public string Write(string name, string json)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Prepares and starts a workflow file.</summary>
    public async Task<string> StartAsync(string file, JsonObject? inputs = null)
    {
        var prepared = await Client.PrepareAsync(file, inputs);
        return await Client.StartAsync(prepared);
    }

    /// <summary>Starts a workflow and waits until it finishes or waits.</summary>
    public async Task<RunInfo> RunAsync(string file, JsonObject? inputs = null) =>
        await UntilAsync(await StartAsync(file, inputs), r => r.IsFinished || r.Status == RunStatus.Waiting);

    /// <summary>Polls the run until <paramref name="done"/> holds.</summary>
    public Task<RunInfo> UntilAsync(string runId, Func<RunInfo, bool> done) => RunPolling.UntilAsync(Client, runId, done);

    public async Task InitializeAsync()
    {
        var options = Options;
        Audit = new AuditLog(options.DataDirectory, new AuditLogOptions { KeyFile = Path.Combine(Directory, "keys", "audit.key") });
        Operators = new OperatorStore(options.DataDirectory, Audit);
        AdminToken = (await Operators.AddAsync("admin", [OperatorStore.AdminRole], null, adminToken: null)).Token;
        Runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), SideEffects, CreateApprovalEventSink(new ApprovalEventSink(Audit, Operators, Path.Combine(Directory, "outbox"))), memory: CreateMemory());
        var builder = new AgentFlowHostBuilder().AddWorkflowRuntime(Runtime).Configure(o =>
        {
            o.Backend = options.Backend;
            o.DataDirectory = options.DataDirectory;
            o.AzureStorage = options.AzureStorage;
            o.SqliteSessionIdleTimeout = options.SqliteSessionIdleTimeout;
        });
        ConfigureHost(builder);
        _host = await AgentFlowHost.CreateAsync(builder);
        await _host.StartWorkerAsync();
        Client = new RunClient(_host, Runtime);
    }

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
