namespace AgentFlow.Cli.Tests;

/// <summary>
/// The host's ceilings over tools' allow-lists (<c>tools</c> in agentflow.json, <c>AGENTFLOW__TOOLS__*</c>): a run that
/// would reach beyond them is refused before it starts, with one line naming the node, the tool and the setting.
/// </summary>
public sealed class ToolCeilingTests : TempDirectoryTest
{
    [Fact]
    public async Task Run_HttpToolAllowedToTheMetadataAddressByItsWorkflow_IsRefusedBeforeTheRunStarts()
    {
        var workflow = Write("meta.json", """
            { "name": "meta", "tools": { "metadata": { "kind": "http", "risk": "low", "url": "http://169.254.169.254/latest/meta-data/",
                                                        "allowHosts": ["169.254.169.254"] } },
              "start": "read", "nodes": { "read": { "kind": "tool", "tool": "metadata" } } }
            """);

        var (exit, _, stderr) = await CliRunner.RunAsync("run", workflow, "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains("this workflow cannot run here; nothing was started", stderr, StringComparison.Ordinal);
        Assert.Contains(
            "node 'read' ($.nodes.read): http tool 'metadata' allows 169.254.169.254, a cloud metadata address, which this host reaches only when the host setting tools.http.allowHosts lists it",
            stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_McpCommandOutsideAllowCommands_IsRefusedBeforeTheRunStarts()
    {
        Write("agentflow.json", """{ "tools": { "mcp": { "allowCommands": ["uvx mcp-server-fetch"] } } }""");
        Write("mcp.json", """
            { "name": "mcp", "tools": { "shell": { "kind": "mcp", "risk": "low", "command": "dotnet", "args": ["server.dll"], "tool": "echo" } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "shell", "args": { "text": "hi" } } } }
            """);

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "run", "mcp.json", "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains(
            "node 'call' ($.nodes.call): mcp tool 'shell' starts 'dotnet server.dll', which the host setting tools.mcp.allowCommands does not allow (uvx mcp-server-fetch)",
            stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HttpHostBeyondTheCeilingFromTheEnvironment_IsRefusedBeforeTheRunStarts()
    {
        var workflow = Write("local.json", """
            { "name": "local", "tools": { "api": { "kind": "http", "risk": "low", "url": "http://127.0.0.1:9/x", "allowHosts": ["127.0.0.1"] } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "api" } } }
            """);
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__TOOLS__HTTP__ALLOWHOSTS__0"] = "api.example.com" };

        var (exit, _, stderr) = await CliRunner.RunAsync(environment, "run", workflow, "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains("http tool 'api' allows 127.0.0.1, which is beyond the host setting tools.http.allowHosts (api.example.com)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StrictModeFromTheEnvironment_RefusesAnMcpCommandTheHostDidNotList()
    {
        Write("mcp.json", """
            { "name": "mcp", "tools": { "shell": { "kind": "mcp", "risk": "low", "command": "dotnet", "args": ["server.dll"], "tool": "echo" } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "shell", "args": { "text": "hi" } } } }
            """);
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__TOOLS__STRICT"] = "true" };

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, environment, "run", "mcp.json", "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains(
            "mcp tool 'shell' starts 'dotnet server.dll', but this host starts MCP servers only when the host setting tools.mcp.allowCommands lists them (strict mode)",
            stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownKeyUnderTools_WarnsNamingIt()
    {
        Write("agentflow.json", """{ "tools": { "http": { "allowHost": ["api.example.com"] } } }""");
        Write("ok.json", """{ "name": "ok", "start": "a", "nodes": { "a": { "kind": "set", "values": { "v": 1 } } } }""");

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "validate", "ok.json");

        Assert.Equal(0, exit);
        Assert.Contains("agentflow: warning: agentflow.json: unknown setting 'tools.http.allowHost' (known: allowHosts)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_CeilingEntryThatIsNotAHost_ConfigurationErrorNamesTheEntry()
    {
        Write("agentflow.json", """{ "tools": { "http": { "allowHosts": ["https://api.example.com/"] } } }""");
        Write("ok.json", """{ "name": "ok", "start": "a", "nodes": { "a": { "kind": "set", "values": { "v": 1 } } } }""");

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "run", "ok.json", "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains("agentflow: configuration: tools.http.allowHosts[0]: 'https://api.example.com/' is not a host", stderr, StringComparison.Ordinal);
    }
}
