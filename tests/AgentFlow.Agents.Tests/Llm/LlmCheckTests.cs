using System.Net;
using System.Net.Sockets;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tests.Llm;

public sealed class LlmCheckTests
{
    [Fact]
    public void Check_ApiKeyVariableNotSet_NamesTheSettingAndVariable()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "openai", "model": "gpt-4o-mini", "apiKeyEnv": "OPENAI_API_KEY" }""");
        var options = LlmWorkflows.Options();
        options.GetEnvironmentVariable = _ => null;
        using var executor = new LlmNodeExecutor(options);

        var problem = Assert.Single(executor.Check(workflow, workflow.Nodes["draft"]));

        Assert.Equal("models.writer.apiKeyEnv: environment variable OPENAI_API_KEY is not set", problem);
    }

    [Fact]
    public void Check_UnreachableBaseUrl_ReportsConnectionRefused()
    {
        var port = ClosedPort();
        var workflow = LlmWorkflows.Create($$"""{ "provider": "openai", "model": "llama3.1", "baseUrl": "http://127.0.0.1:{{port}}/v1" }""");
        var options = LlmWorkflows.Options();
        options.CheckEndpoints = true;
        using var executor = new LlmNodeExecutor(options);

        var problem = Assert.Single(executor.Check(workflow, workflow.Nodes["draft"]));

        Assert.Equal($"models.writer.baseUrl: cannot connect to 127.0.0.1:{port} (connection refused); is the server running?", problem);
    }

    [Fact]
    public void Check_ReachableServerAndKeySet_HasNoProblems()
    {
        using var server = FakeModelServer.Start();
        var workflow = LlmWorkflows.Create(LlmWorkflows.OpenAI(server));
        var options = LlmWorkflows.Options();
        options.CheckEndpoints = true;
        using var executor = new LlmNodeExecutor(options);

        Assert.Empty(executor.Check(workflow, workflow.Nodes["draft"]));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Check_UnknownProvider_NamesTheProviders()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        workflow = workflow with { Models = new Dictionary<string, ModelDefinition> { ["writer"] = new("writer", "anthropic", "claude", null, null, "$.models.writer") } };
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var problem = Assert.Single(executor.Check(workflow, workflow.Nodes["draft"]));

        Assert.Equal("models.writer.provider: unknown provider 'anthropic' (use local, openai or azure-openai)", problem);
    }

    [Fact]
    public void Check_BaseUrlNotHttp_AndAzureWithoutKey_ReportsEach()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "azure-openai", "model": "gpt", "baseUrl": "ftp://example.com" }""");
        using var executor = new LlmNodeExecutor(LlmWorkflows.Options());

        var problems = executor.Check(workflow, workflow.Nodes["draft"]).ToList();

        Assert.Equal(
            ["models.writer.baseUrl: 'ftp://example.com' is not an absolute http(s) URL",
             "models.writer.apiKeyEnv: required for Azure OpenAI; name the environment variable that holds the key"],
            problems);
    }

    [Fact]
    public void Check_ToolsWithoutToolKinds_ReportsTheTool()
    {
        var workflow = LlmWorkflows.Create(
            """{ "provider": "local" }""", "\"tools\": [\"lookup\"]", """{ "lookup": { "kind": "code", "risk": "low", "name": "orders.lookup" } }""");
        using var executor = new LlmNodeExecutor();

        var problem = Assert.Single(executor.Check(workflow, workflow.Nodes["draft"]));

        Assert.Contains("tools[0]: tool 'lookup' has kind 'code'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LocalModel_HasNoProblems()
    {
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        using var executor = new LlmNodeExecutor();

        Assert.Empty(executor.Check(workflow, workflow.Nodes["draft"]));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
