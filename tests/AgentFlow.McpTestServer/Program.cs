using AgentFlow.McpTestServer;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Nothing but JSON-RPC may go to stdout, so the server runs without a logger.
var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "agentflow-mcp-test", Version = "1.0.0" },
    ToolCollection = TestTools.Create(),
};

await using var server = McpServer.Create(new StdioServerTransport("agentflow-mcp-test"), options);
await server.RunAsync();
