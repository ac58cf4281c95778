using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>
/// On the embedded backend, events come from the backend's commit notices, not from the poll: with a poll interval of
/// an hour, a run's node and status events still arrive. A quiet stream sends pings.
/// </summary>
public sealed class ChangeFeedTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new() { Configure = o => (o.EventPollInterval, o.EventHeartbeatInterval) = (TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(100)) };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RunEvents_WithoutAPollDue_ArriveFromTheBackendsCommits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = _server.Client("bob");
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);
        await using var nodes = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);

        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = "ada" } }, timeout.Token);

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!["runId"]!.GetValue<string>();
        var node = await nodes.WaitForAsync("node-completed", e => e["runId"]?.GetValue<string>() == runId && e["node"]?.GetValue<string>() == "hello");
        var finished = await events.WaitForAsync("run", e => e["runId"]?.GetValue<string>() == runId && e["status"]?.GetValue<string>() == "completed");
        Assert.Equal("set", node["kind"]!.GetValue<string>());
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuietStream_SendsPings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = _server.Client("vera");
        await using var events = await EventStream.OpenAsync(client, "/api/runs/events", timeout.Token);

        var ping = await events.WaitForAsync("ping", _ => true);

        Assert.Equal(string.Empty, ping["runId"]!.GetValue<string>());
    }
}
