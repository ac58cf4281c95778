using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Agents.Hosting;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;
using AgentFlow.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The test: the span tree of the flagship <c>newsletter.json</c> (local model, outbox mail) run by a real
/// <c>agentflow worker</c> that is killed with SIGKILL while the run waits for the editor, then approved and finished
/// by a worker in this process. The killed process's spans come from a startup hook that writes each finished span
/// to a file at once (AgentFlow.SpanRecorder); this process's from the OpenTelemetry in-memory exporter. Together they
/// form one trace in which every node visit has exactly one span, although the resumed worker replays the whole run.
/// </summary>
public sealed class NewsletterTracingTests : TempDirectoryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Newsletter_KilledWhileWaitingForTheEditor_ThenApprovedElsewhere_IsOneTraceWithEveryNodeSpanOnce()
    {
        var spansDir = Path.Combine(Root, "spans");
        var recording = new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "AgentFlow.SpanRecorder.dll"),
            ["AGENTFLOW_TEST_SPANS_DIR"] = spansDir,
        };
        var detached = await CliRunner.RunAsync(recording, "run", "workflows/newsletter.json", "--detach", "--data-dir", DataDir);
        Assert.True(detached.ExitCode == 4, detached.Stderr);
        var runId = detached.Stdout.Trim();
        var noTriggers = Directory.CreateDirectory(Path.Combine(Root, "no-triggers")).FullName;
        using (var worker = CliRunner.Start(recording, "worker", "--workflows", noTriggers, "--data-dir", DataDir))
        {
            try
            {
                worker.BeginErrorReadLine();
                worker.BeginOutputReadLine();

                // Waiting as stored (not as logged): the kill then lands after the step that waits has committed.
                await UntilWaitingAsync(runId);
            }
            finally
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }

        var killed = Recorded(spansDir);
        using var collector = new SpanCollector();
        await ApproveAndFinishInThisProcessAsync(runId);

        var trace = Assert.Single(killed.Concat(collector.All.Select(Span.From)).Where(s => s.Tag(TelemetryTags.RunId) == runId).Select(s => s.Trace).Distinct());
        var resumed = collector.All.Select(Span.From).Where(s => s.Trace == trace).ToList();
        var spans = killed.Where(s => s.Trace == trace).Concat(resumed).ToList();
        Assert.Equal(spans.Count, spans.Select(s => s.Id).Distinct().Count());
        var run = Assert.Single(spans, s => s.Name == "run weekly-newsletter");
        Assert.Null(run.Parent);
        Assert.Equal("completed", run.Tag(TelemetryTags.Outcome));

        var nodes = spans.Where(s => s.Tag(TelemetryTags.NodeKind) is not null).ToList();
        Assert.All(nodes.GroupBy(n => (n.Tag(TelemetryTags.NodeId), n.Tag(TelemetryTags.Iteration))), visit => Assert.Single(visit));
        var byNode = nodes.ToDictionary(n => n.Tag(TelemetryTags.NodeId)!, StringComparer.Ordinal);
        var items = byNode.Keys.Where(k => k.StartsWith("summarise[", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, items.Count);
        string[] topLevel = ["fetch", "summarise", "deepDives", "draft", "compose", "review", "send", "remember", "done"];
        Assert.Equal(topLevel.Concat(items).Order(StringComparer.Ordinal), byNode.Keys.Order(StringComparer.Ordinal));
        Assert.All(topLevel, n => Assert.Equal(run.Id, byNode[n].Parent));
        Assert.All(items, n => Assert.Equal(byNode["summarise"].Id, byNode[n].Parent));

        // The crash split the run: the killed worker ran up to the approval, this process the rest, and replaying the
        // first part here emitted none of its spans again.
        Assert.All((string[])["fetch", "summarise", "deepDives", "draft", "compose", .. items], n => Assert.Contains(killed, s => s.Id == byNode[n].Id));
        Assert.All((string[])["review", "send", "remember", "done"], n => Assert.Contains(resumed, s => s.Id == byNode[n].Id));
        Assert.Contains(resumed, s => s.Id == run.Id);
        Assert.Equal(("approved", "ed"), (byNode["review"].Tag(TelemetryTags.Outcome), byNode["review"].Tag(TelemetryTags.DecidedBy)));

        // Executors' spans hang under their node visit's span, whose id the activity was handed (derived from the
        // node's key): the tool call under send here; the model calls under the llm nodes, whose spans carry the id
        // that their activities were handed as the parent of those calls.
        Assert.Equal(byNode["send"].Id, Assert.Single(spans, s => s.Name == "execute_tool mail").Parent);
        Assert.All((string[])["draft", .. items], llm => Assert.Equal(SpanIds.Span($"{trace}/{runId}/{llm}/1").ToHexString(), byNode[llm].Id));
    }

    private async Task UntilWaitingAsync(string runId)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var shown = await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir);
            var status = shown.ExitCode == 0 ? JsonNode.Parse(shown.Stdout)?["status"]?.GetValue<string>() : null;
            if (status == "waiting")
            {
                return;
            }

            Assert.True(status is null or "pending" or "running", $"the run is {status} before the approval: {shown.Stdout}");
            await Task.Delay(200, deadline.Token);
        }
    }

    private async Task ApproveAndFinishInThisProcessAsync(string runId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("dataDirectory", DataDir), new("audit:keyFile", CliRunner.AuditKeyFile)]).Build();
        builder.Services.AddAgentFlow(configuration).AddWorkerService().AddAgents().AddMemory();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<AgentFlowWorkerService>().Client;
            await client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "ed", null, null, ["editor"]));
            using var deadline = new CancellationTokenSource(Deadline);
            RunInfo? run;
            while ((run = await client.GetAsync(runId, deadline.Token)) is not { IsFinished: true })
            {
                await Task.Delay(50, deadline.Token);
            }

            Assert.True(run.Status == RunStatus.Completed, run.Error);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static List<Span> Recorded(string folder) =>
        [.. Directory.GetFiles(folder, "spans-*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => Span.From(JsonNode.Parse(l)!))];

    /// <summary>A finished span, from the recorder's JSON line or from an exported activity.</summary>
    private sealed record Span(string Trace, string Id, string? Parent, string Name, Dictionary<string, string?> Tags)
    {
        public string? Tag(string name) => Tags.GetValueOrDefault(name);

        public static Span From(Activity a) => new(
            a.TraceId.ToHexString(),
            a.SpanId.ToHexString(),
            a.ParentSpanId == default ? null : a.ParentSpanId.ToHexString(),
            a.DisplayName,
            a.TagObjects.ToDictionary(t => t.Key, t => Text(t.Value), StringComparer.Ordinal));

        public static Span From(JsonNode line) => new(
            line["trace"]!.GetValue<string>(),
            line["span"]!.GetValue<string>(),
            line["parent"]?.GetValue<string>(),
            line["name"]!.GetValue<string>(),
            line["tags"]!.AsObject().ToDictionary(t => t.Key, t => t.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : t.Value?.ToJsonString(), StringComparer.Ordinal));

        private static string? Text(object? value) => value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
