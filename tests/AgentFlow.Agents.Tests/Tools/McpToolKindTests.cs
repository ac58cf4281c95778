using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The <c>mcp</c> tool kind against a real MCP server process (AgentFlow.McpTestServer).</summary>
public sealed class McpToolKindTests : IAsyncLifetime, IAsyncDisposable
{
    private const string MissingCommand = "agentflow-no-such-mcp-server";

    private readonly McpToolKind _kind = new();

    // xunit 2 runs IAsyncLifetime, not IAsyncDisposable: both end the servers the test started.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => _kind.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_Add_ReturnsTextStructuredContentAndContentBlocks()
    {
        var result = await _kind.InvokeAsync(McpWorkflow.Call("add", new JsonObject { ["a"] = 2, ["b"] = 3.5 }), CancellationToken.None);

        Assert.Equal("5.5", result!["text"]!.GetValue<string>());
        Assert.Equal(5.5, result["structured"]!["sum"]!.GetValue<double>());
        Assert.False(result["isError"]!.GetValue<bool>());
        var block = Assert.Single(result["content"]!.AsArray());
        Assert.Equal("text", block!["type"]!.GetValue<string>());
        Assert.Equal("5.5", block["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_Echo_ReturnsTheTextWithoutStructuredContent()
    {
        var result = await _kind.InvokeAsync(McpWorkflow.Call("echo", new JsonObject { ["text"] = "hello, MCP" }), CancellationToken.None);

        Assert.Equal("hello, MCP", result!["text"]!.GetValue<string>());
        Assert.Null(result["structured"]);
    }

    [Fact]
    public async Task InvokeAsync_ServerReportsError_ThrowsWithTheServerMessage()
    {
        var call = McpWorkflow.Call("fail", new JsonObject { ["message"] = "quota exceeded for today" });

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(call, CancellationToken.None));

        Assert.Contains("quota exceeded for today", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcp tool 't'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SlowerThanTheTimeout_ThrowsNamingToolServerAndTimeout()
    {
        var call = McpWorkflow.Call("slow", new JsonObject { ["ms"] = 30_000 }, timeout: "PT1S");
        await _kind.InvokeAsync(McpWorkflow.Call("echo", new JsonObject { ["text"] = "warm up" }), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(call, CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Contains("'slow'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within PT1S", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_AfterATimeout_TheServerStillAnswers()
    {
        var slow = McpWorkflow.Call("slow", new JsonObject { ["ms"] = 30_000 }, timeout: "PT1S");
        await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(slow, CancellationToken.None));

        var result = await _kind.InvokeAsync(McpWorkflow.Call("echo", new JsonObject { ["text"] = "still here" }), CancellationToken.None);

        Assert.Equal("still here", result!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_TwoCalls_ShareOneServerProcess()
    {
        var first = await ServerPidAsync();
        var second = await ServerPidAsync();

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task InvokeAsync_ServerProcessDied_ALaterCallRunsOnANewServer()
    {
        var first = await ServerPidAsync();
        using (var process = Process.GetProcessById(first))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        // A call racing the exit (sent before the client saw the process end) fails and says so; the one after it
        // must run on a new server.
        int second;
        try
        {
            second = await ServerPidAsync();
        }
        catch (NodeExecutionException error)
        {
            Assert.Contains("the MCP server exited", error.Message, StringComparison.Ordinal);
            second = await ServerPidAsync();
        }

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task DisposeAsync_EndsTheServerProcess()
    {
        var pid = await ServerPidAsync();
        using var process = Process.GetProcessById(pid);

        await _kind.DisposeAsync();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task InvokeAsync_UnknownServerTool_ThrowsNamingTheTool()
    {
        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(McpWorkflow.Call("no-such-tool"), CancellationToken.None));

        Assert.Contains("'no-such-tool'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_CommandNotFound_ThrowsNamingTheCommandAndPath()
    {
        var call = McpWorkflow.Call("echo", new JsonObject { ["text"] = "x" }, command: MissingCommand);

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(call, CancellationToken.None));

        Assert.Contains($"'{MissingCommand}' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CommandNotFound_ReportsItNotFoundOnPath()
    {
        var problems = _kind.Check(McpWorkflow.Tool("echo", command: MissingCommand));

        Assert.Equal([$"tools.t.command: '{MissingCommand}' not found on PATH"], problems);
    }

    [Fact]
    public void Check_MissingFilePath_ReportsTheFullPath()
    {
        var problem = Assert.Single(_kind.Check(McpWorkflow.Tool("echo", command: "./no-such-dir/server")));

        Assert.Contains(Path.GetFullPath("./no-such-dir/server"), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CommandOnPath_ReportsNothing()
    {
        Assert.Empty(_kind.Check(McpWorkflow.Tool("echo")));
    }

    private async Task<int> ServerPidAsync()
    {
        var result = await _kind.InvokeAsync(McpWorkflow.Call("pid"), CancellationToken.None);
        return int.Parse(result!["text"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }
}
