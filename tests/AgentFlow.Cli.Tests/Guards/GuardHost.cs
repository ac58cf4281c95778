using System.Text.Json.Nodes;
using AgentFlow.Agents.Hosting;
using AgentFlow.Agents.Tests.Llm;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentFlow.Cli.Tests.Guards;

/// <summary>
/// One in-process AgentFlow host on the embedded (SQLite) backend with the real agents (guard and llm executors),
/// the real approval service and audit log, and the fake OpenAI-compatible server for models.
/// </summary>
public sealed class GuardHost : IAsyncLifetime
{
    public const string KeyVariable = "AGENTFLOW_GUARD_TEST_KEY";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private IHost? _host;
    private string? _adminToken;

    public string Root { get; } = Directory.CreateTempSubdirectory("agentflow-guards-").FullName;

    public FakeModelServer Model { get; } = FakeModelServer.Start();

    public RunClient Client { get; private set; } = null!;

    public AuditLog Audit { get; private set; } = null!;

    public OperatorStore Operators { get; private set; } = null!;

    public ApprovalService Approvals => new(Client, Audit);

    /// <summary>An openai model entry pointing at the fake server.</summary>
    public string OpenAIModel => $$"""{ "provider": "openai", "model": "gpt-test", "baseUrl": "{{Model.BaseUrl}}", "apiKeyEnv": "{{KeyVariable}}" }""";

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("dataDirectory", Path.Combine(Root, "data")), new("audit:keyFile", Path.Combine(Root, "keys", "audit.key"))]).Build();
        builder.Services.AddAgentFlow(configuration).AddWorkerService().AddAgents(o =>
        {
            o.CheckEndpoints = false;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.GetEnvironmentVariable = name => name == KeyVariable ? "guard-key" : null;
        });
        _host = builder.Build();
        await _host.StartAsync();
        Client = _host.Services.GetRequiredService<AgentFlowWorkerService>().Client;
        Audit = _host.Services.GetRequiredService<AuditLog>();
        Operators = _host.Services.GetRequiredService<OperatorStore>();
        _adminToken = (await Operators.AddAsync("admin", [OperatorStore.AdminRole], null, adminToken: null)).Token;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Model.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Writes <paramref name="json"/> as a workflow file and starts it.</summary>
    public async Task<string> StartAsync(string name, string json, JsonObject? inputs = null)
    {
        var file = Path.Combine(Root, name + ".json");
        await File.WriteAllTextAsync(file, json);
        return await Client.StartAsync(await Client.PrepareAsync(file, inputs));
    }

    /// <summary>Polls the run until <paramref name="done"/> holds; fails when it finishes otherwise or the deadline passes.</summary>
    public async Task<RunInfo> UntilAsync(string runId, Func<RunInfo, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var run = await Client.GetAsync(runId, deadline.Token);
            if (run is not null && done(run))
            {
                return run;
            }

            Assert.False(run is { IsFinished: true }, $"run {runId} ended {run?.Status} ({run?.Error}) before the expected state");
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>An operator with <paramref name="role"/>, added once.</summary>
    public async Task<Operator> OperatorAsync(string name, string role)
        => (await Operators.GetAsync(name, default)) ?? (await Operators.AddAsync(name, [role], null, _adminToken)).Operator;
}
