using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// <c>agentflow effects</c> and <c>effects resolve</c>: a medium-risk HTTP call in flight when its process is killed
/// is in doubt; the resumed run waits for an operator instead of calling again, and resolving it continues the run.
/// </summary>
public sealed class EffectsCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task An_effect_in_doubt_after_kill_9_is_listed_and_resolving_it_done_finishes_the_run_without_a_second_call()
    {
        // A server that takes the request and never answers: the kill lands while the effect is in flight.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var file = Write("notify.json", $$"""
            { "name": "notify", "tools": { "hook": { "kind": "http", "risk": "medium", "method": "POST", "url": "http://127.0.0.1:{{port}}/hook", "allowHosts": ["127.0.0.1"] } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "hook", "args": { "order": "A-1" } } } }
            """);
        var token = (await CliRunner.RunAsync("operators", "add", "olga", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();

        using var run = CliRunner.Start("run", file, "--data-dir", DataDir);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var connection = await server.AcceptTcpClientAsync(deadline.Token))
        {
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync(deadline.Token);
        }

        var started = (await run.StandardError.ReadToEndAsync(deadline.Token)).Split('\n')[0];
        var runId = Regex.Match(started, @"run (notify-[0-9a-f]{8}) started").Groups[1].Value;
        var key = $"{runId}/call/1";

        var resumed = await CliRunner.RunAsync("run", "--resume", runId, "--data-dir", DataDir);
        Assert.True(resumed.ExitCode == 4, resumed.Stderr);
        Assert.Matches($@"(?m)^{Regex.Escape(key)}\s+hook\s+started\s", (await CliRunner.RunAsync("effects", "--state", "started", "--data-dir", DataDir)).Stdout);
        Assert.DoesNotContain(key, (await CliRunner.RunAsync("effects", "--state", "completed", "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);

        var refused = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TOKEN"] = null }, "effects", "resolve", key, "--done", "--data-dir", DataDir);
        Assert.Equal(5, refused.ExitCode);

        var (code, stdout, stderr) = await CliRunner.RunAsync("effects", "resolve", key, "--done", "--result", """{ "status": 200 }""", "--token", token, "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        Assert.Contains($"olga resolved {key} as done", stderr, StringComparison.Ordinal);
        Assert.Equal(200, JsonNode.Parse(stdout)!["status"]!.GetValue<int>());
        Assert.Matches($@"(?m)^{Regex.Escape(key)}\s+hook\s+completed\s.*olga", (await CliRunner.RunAsync("effects", "--data-dir", DataDir)).Stdout);
        Assert.False(server.Pending(), "the resumed run called the server a second time");
        Assert.Contains("effect", (await CliRunner.RunAsync("audit", runId, "--data-dir", DataDir)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_needs_exactly_one_of_done_or_repeat_and_an_existing_key()
    {
        var token = (await CliRunner.RunAsync("operators", "add", "olga", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();

        var neither = await CliRunner.RunAsync("effects", "resolve", "r/n/1", "--token", token, "--data-dir", DataDir);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("give exactly one of --done or --repeat", neither.Stderr, StringComparison.Ordinal);

        var unknown = await CliRunner.RunAsync("effects", "resolve", "r/n/1", "--repeat", "--token", token, "--data-dir", DataDir);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no ledger entry 'r/n/1'", unknown.Stderr, StringComparison.Ordinal);
    }
}
