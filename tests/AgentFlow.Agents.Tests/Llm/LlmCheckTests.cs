using System.Net;
using System.Net.Sockets;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmCheckTests
{
    [Fact]
    public async Task CheckAsync_ApiKeyVariableNotSet_NamesTheSettingAndVariable()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "openai", "model": "gpt-4o-mini", "apiKeyEnv": "OPENAI_API_KEY" }""");
        var options = LlmWorkflows.Options();
        options.GetEnvironmentVariable = _ => null;
        using var executor = new LlmNodeExecutor(options);

        var problem = Assert.Single(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));

        Assert.Equal("models.writer.apiKeyEnv: environment variable OPENAI_API_KEY is not set", problem);
    }

    [Fact]
    public async Task CheckAsync_UnreachableBaseUrl_ReportsConnectionRefused()
    {
        var port = ClosedPort();
        var workflow = LlmWorkflows.Create($$"""{ "provider": "openai", "model": "llama3.1", "baseUrl": "http://127.0.0.1:{{port}}/v1" }""");
        var options = LlmWorkflows.Options();
        options.CheckEndpoints = true;
        using var executor = new LlmNodeExecutor(options);

        var problem = Assert.Single(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));

        Assert.Equal($"models.writer.baseUrl: cannot connect to 127.0.0.1:{port} (connection refused); is the server running?", problem);
    }

    [Fact]
    public async Task CheckAsync_CallerCancels_ThrowsInsteadOfReportingTheEndpoint()
    {
        var workflow = LlmWorkflows.Create($$"""{ "provider": "openai", "model": "llama3.1", "baseUrl": "http://127.0.0.1:{{ClosedPort()}}/v1" }""");
        var options = LlmWorkflows.Options();
        options.CheckEndpoints = true;
        using var executor = new LlmNodeExecutor(options);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.CheckAsync(workflow, workflow.Nodes["draft"], null, cancelled.Token));
    }

    [Fact]
    public async Task CheckAsync_ReachableServerAndKeySet_HasNoProblems()
    {
        using var server = FakeModelServer.Start();
        var workflow = LlmWorkflows.Create(LlmWorkflows.OpenAI(server));
        var options = LlmWorkflows.Options();
        options.CheckEndpoints = true;
        using var executor = new LlmNodeExecutor(options);

        Assert.Empty(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CheckAsync_UnknownProvider_NamesTheProviders()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        workflow = workflow with { Models = new Dictionary<string, ModelDefinition> { ["writer"] = new("writer", "anthropic", "claude", null, null, "$.models.writer") } };
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var problem = Assert.Single(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));

        Assert.Equal("models.writer.provider: unknown provider 'anthropic' (use local, openai or azure-openai)", problem);
    }

    [Fact]
    public async Task CheckAsync_BaseUrlNotHttp_AndAzureWithoutKey_ReportsEach()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "azure-openai", "model": "gpt", "baseUrl": "ftp://example.com" }""");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var problems = await executor.CheckAsync(workflow, workflow.Nodes["draft"], null);

        Assert.Equal(
            ["models.writer.baseUrl: 'ftp://example.com' is not an absolute http(s) URL",
             "models.writer.apiKeyEnv: required for Azure OpenAI; name the environment variable that holds the key"],
            problems);
    }

    [Fact]
    public async Task CheckAsync_ToolsWithoutToolKinds_ReportsTheTool()
    {
        var workflow = LlmWorkflows.Create(
            """{ "provider": "local" }""", "\"tools\": [\"lookup\"]", """{ "lookup": { "kind": "code", "risk": "low", "name": "orders.lookup" } }""");
        using var executor = new LlmNodeExecutor();

        var problem = Assert.Single(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));

        Assert.Contains("tools[0]: tool 'lookup' has kind 'code'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LocalModel_HasNoProblems()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        using var executor = new LlmNodeExecutor();

        Assert.Empty(await executor.CheckAsync(workflow, workflow.Nodes["draft"], null));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
