using AgentFlow.Server.Tests.Links;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Tests.Hooks;

/// <summary>A real server whose folder has <c>orders.json</c> with webhook triggers, and the secret they check.</summary>
public sealed class WebhookServer : IAsyncLifetime
{
    /// <summary>The shared secret, set in the (test-unique) environment variable the triggers name.</summary>
    public const string Secret = "hook-secret-for-tests";

    public const string SecretEnv = "AGENTFLOW_TEST_WEBHOOK_SECRET";

    private const string Orders = """
        {
          "name": "orders",
          "inputs": {
            "order": { "type": "string" },
            "amount": { "type": "number", "default": 0 }
          },
          "triggers": {
            "created": {
              "kind": "webhook", "secretEnv": "AGENTFLOW_TEST_WEBHOOK_SECRET", "maxBodyBytes": 1024,
              "inputs": { "order": "{{ body.order }}", "amount": "{{ body.amount }}" }
            },
            "sync": {
              "kind": "webhook", "secretEnv": "AGENTFLOW_TEST_WEBHOOK_SECRET", "requireTimestamp": false,
              "respond": "wait", "waitTimeout": "PT2M",
              "inputs": { "order": "{{ body.order }} via {{ headers['x-source'] }}" }
            },
            "unset": { "kind": "webhook", "secretEnv": "AGENTFLOW_TEST_WEBHOOK_UNSET", "inputs": { "order": "x" } }
          },
          "start": "answer",
          "nodes": {
            "answer": { "kind": "set", "values": { "text": "order {{ inputs.order }} for {{ inputs.amount }}" } }
          },
          "output": { "text": "{{ answer.text }}" }
        }
        """;

    public WebhookServer()
    {
        Environment.SetEnvironmentVariable(SecretEnv, Secret);
        Server = new ServerFixture
        {
            Workflows = new Dictionary<string, string> { ["orders"] = Orders },
            Configure = options => options.Logging = logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddFilter((category, _) => category?.StartsWith("AgentFlow", StringComparison.Ordinal) == true)
                .AddProvider(Logs),
        };
    }

    public ServerFixture Server { get; }

    public CapturedLogs Logs { get; } = new();

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
