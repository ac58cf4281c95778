using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Bench;

/// <summary>
/// Approvals over HTTP on the embedded backend, through a real server (Kestrel on 127.0.0.1, default settings):
/// decide = from sending the decision (POST /api/runs/ID/approvals/review) to the start of the node after the
/// approval in the run's timeline; SSE lag = from that node's completion in the timeline to its <c>node-completed</c>
/// event read by a client of <c>/api/runs/events</c>. Runs are started in batches and decided one at a time.
/// </summary>
internal static class ApiBench
{
    private const int Decisions = 1000;
    private const int Warmup = 50;
    private const int Batch = 50;

    private const string Workflow = """
        { "name": "bench-api", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "amount": 100 }, "next": "after" },
                     "after": { "kind": "set", "values": { "paid": "{{ review.values.amount }}" } } } }
        """;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-api-").FullName;
        try
        {
            var workflows = Directory.CreateDirectory(Path.Combine(directory, "workflows")).FullName;
            await File.WriteAllTextAsync(Path.Combine(workflows, "bench-api.json"), Workflow, cancellationToken);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([
                new("dataDirectory", Path.Combine(directory, "data")),
                new("audit:keyFile", Path.Combine(directory, "keys", "audit.key")),
            ]).Build();
            var options = new ServerOptions { Urls = "http://127.0.0.1:0", WorkflowsDirectory = workflows, Logging = _ => { } };
            await using var app = AgentFlowServer.Build(options, configuration);
            await app.StartAsync(cancellationToken);
            try
            {
                return await MeasureAsync(app, cancellationToken);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var (_, token) = await app.Services.GetRequiredService<OperatorStore>().AddAsync("bench", ["finance"], null, adminToken: null, cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var runs = app.Services.GetRequiredService<AgentFlowWorkerService>().Client;

        await using var events = await EventWatch.OpenAsync(http, cancellationToken);
        var decide = new List<double>();
        var lag = new List<double>();
        var decidingTime = TimeSpan.Zero;
        for (var done = 0; done < Warmup + Decisions; done += Batch)
        {
            var ids = new List<string>();
            for (var i = 0; i < Batch; i++)
            {
                using var started = await http.PostAsJsonAsync("/api/runs", new { workflow = "bench-api" }, cancellationToken);
                started.EnsureSuccessStatusCode();
                ids.Add((await started.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["runId"]!.GetValue<string>());
            }

            await Task.WhenAll(ids.Select(id => events.Waiting(id).WaitAsync(cancellationToken)));
            var batchStart = DateTime.UtcNow;
            var sent = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                sent[id] = DateTime.UtcNow;
                using var decided = await http.PostAsJsonAsync($"/api/runs/{id}/approvals/review", new { approve = true }, cancellationToken);
                decided.EnsureSuccessStatusCode();
                await events.Completed(id).WaitAsync(cancellationToken);
            }

            var measured = done >= Warmup;
            if (measured)
            {
                decidingTime += DateTime.UtcNow - batchStart;
            }

            foreach (var id in ids)
            {
                var after = (await runs.GetAsync(id, cancellationToken))!.Timeline.Single(t => t.Node == "after");
                if (measured)
                {
                    decide.Add((after.StartedAt - sent[id]).TotalMilliseconds);
                    lag.Add((events.CompletedSeen(id) - after.EndedAt!.Value).TotalMilliseconds);
                }
            }
        }

        decide.Sort();
        lag.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT bench=api backend=sqlite decisions={decide.Count} decisions_per_s={decide.Count / decidingTime.TotalSeconds:0} decide_p50_ms={Percentile(decide, 0.50):0.00} decide_p99_ms={Percentile(decide, 0.99):0.00} sse_lag_p50_ms={Percentile(lag, 0.50):0.00} sse_lag_p99_ms={Percentile(lag, 0.99):0.00}"));
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>One SSE client of all runs: when each run waits at the approval, and when its last node's completion arrived.</summary>
    private sealed class EventWatch : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TaskCompletionSource<DateTime>> _completed = new(StringComparer.Ordinal);
        private readonly HttpResponseMessage _response;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reader;

        private EventWatch(HttpResponseMessage response, Stream stream)
        {
            _response = response;
            _reader = Task.Run(() => ReadAsync(stream));
        }

        public static async Task<EventWatch> OpenAsync(HttpClient http, CancellationToken cancellationToken)
        {
            var response = await http.GetAsync("/api/runs/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            return new EventWatch(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }

        public Task Waiting(string runId) => _waiting.GetOrAdd(runId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public Task<DateTime> Completed(string runId) => CompletedSource(runId).Task;

        public DateTime CompletedSeen(string runId) => CompletedSource(runId).Task.Result;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _response.Dispose();
            try
            {
                await _reader;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
            {
            }

            _stop.Dispose();
        }

        private TaskCompletionSource<DateTime> CompletedSource(string runId) =>
            _completed.GetOrAdd(runId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task ReadAsync(Stream stream)
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(_stop.Token))
            {
                var seen = DateTime.UtcNow;
                if (JsonNode.Parse(item.Data) is not JsonObject data || data["runId"]?.GetValue<string>() is not { Length: > 0 } runId)
                {
                    continue;
                }

                var node = data["node"]?.GetValue<string>();
                if (item.EventType == "node-waiting" && node == "review")
                {
                    _waiting.GetOrAdd(runId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
                else if (item.EventType == "node-completed" && node == "after")
                {
                    CompletedSource(runId).TrySetResult(seen);
                }
            }
        }
    }
}
