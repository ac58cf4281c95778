using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// <c>runs</c>, <c>show</c> and <c>approve</c> with <c>--server URL</c>: against a real <c>agentflow serve</c> process,
/// the same output and exit codes as from the data directory, with the server deciding and auditing.
/// </summary>
public sealed partial class ServerOptionTests : TempDirectoryTest
{
    private const string Workflow = """
        { "name": "pay", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "amount": 100 }, "next": "paid" },
                     "paid": { "kind": "set", "values": { "amount": "{{ review.values.amount }}" } } },
          "output": { "paid": "{{ paid.amount }}" } }
        """;

    [Fact]
    public async Task RunsShowApprove_WithServer_ReadAndDecideThroughTheApi()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var workflows = Directory.CreateDirectory(Path.Combine(Root, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "pay.json"), Workflow, timeout.Token);
        var admin = await AddOperatorAsync("root", "ops", null);
        var bob = await AddOperatorAsync("bob", "finance", admin);
        var vera = await AddOperatorAsync("vera", "viewer", admin);

        using var server = CliRunner.Start("serve", "--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--workflows", workflows);
        try
        {
            var url = await ListeningUrlAsync(server, timeout.Token);
            _ = server.StandardError.ReadToEndAsync(timeout.Token);
            var runId = await StartAndWaitAsync(url, bob, timeout.Token);

            var runs = await CliRunner.RunAsync("runs", "--server", url, "--token", vera, "--format", "json");
            var refused = await CliRunner.RunAsync("approve", runId, "review", "--server", url, "--token", vera);
            var approved = await CliRunner.RunAsync("approve", runId, "review", "--server", url, "--token", bob, "--set", "amount=42", "--comment", "partial");
            var shown = await CliRunner.RunAsync("show", runId, "--server", url, "--token", vera);

            Assert.True(runs.ExitCode == 0, runs.Stderr);
            var listed = JsonNode.Parse(runs.Stdout)!.AsArray().Single(r => r!["runId"]!.GetValue<string>() == runId)!;
            Assert.Equal("waiting", listed["status"]!.GetValue<string>());
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("agentflow: refused:", refused.Stderr, StringComparison.Ordinal);
            Assert.True(approved.ExitCode == 0, approved.Stderr);
            Assert.Equal(42, JsonNode.Parse(approved.Stdout)!["paid"]!.GetValue<decimal>());
            Assert.Contains($"run {runId} completed", approved.Stderr, StringComparison.Ordinal);
            Assert.True(shown.ExitCode == 0, shown.Stderr);
            Assert.StartsWith($"run {runId}: pay, completed", shown.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Show_WithServerThatDoesNotListen_IsOneLineNamingTheUrl()
    {
        var result = await CliRunner.RunAsync("show", "r-1", "--server", "http://127.0.0.1:9", "--token", "af_x");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("agentflow: cannot reach the AgentFlow server at http://127.0.0.1:9/", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_WithServerNotAUrl_SaysWhatToGive()
    {
        var result = await CliRunner.RunAsync("runs", "--server", "localhost-5080");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--server 'localhost-5080' is not a server URL", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> AddOperatorAsync(string name, string role, string? admin)
    {
        string[] asAdmin = admin is null ? [] : ["--token", admin];
        var (code, stdout, stderr) = await CliRunner.RunAsync(["operators", "add", name, "--role", role, "--data-dir", DataDir, .. asAdmin]);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    private static async Task<string> ListeningUrlAsync(Process server, CancellationToken cancellationToken)
    {
        while (await server.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("serve printed no URL before exiting");
    }

    private static async Task<string> StartAndWaitAsync(string url, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await http.PostAsJsonAsync("/api/runs", new { workflow = "pay" }, cancellationToken);
        started.EnsureSuccessStatusCode();
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["runId"]!.GetValue<string>();
        while ((await http.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", cancellationToken))!["status"]!.GetValue<string>() != "waiting")
        {
            await Task.Delay(50, cancellationToken);
        }

        return runId;
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
