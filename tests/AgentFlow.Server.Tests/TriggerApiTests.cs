using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Approvals;
using AgentFlow.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Server.Tests;

/// <summary>
/// <c>/api/triggers</c> on a real server. The loader of this branch does not read <c>triggers</c> yet, so the fixture
/// attaches a schedule and a webhook to the folder's <c>greet</c> workflow when the host loads it.
/// </summary>
public sealed class TriggerApiTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new()
    {
        Services = services => services.Configure<TriggerHostOptions>(o => o.Transform = w => w.Name != "greet" ? w : w with
        {
            Triggers = new Dictionary<string, TriggerDefinition>
            {
                ["daily"] = new ScheduleTrigger
                {
                    Name = "daily",
                    JsonPath = "$.triggers.daily",
                    Cron = "0 8 * * *",
                    TimeZone = "Europe/Berlin",
                    Inputs = new Dictionary<string, JsonElement> { ["name"] = JsonDocument.Parse("\"{{ trigger.name }} {{ trigger.manual }}\"").RootElement.Clone() },
                },
                ["hook"] = new WebhookTrigger { Name = "hook", JsonPath = "$.triggers.hook", SecretEnv = "GREET_HOOK_SECRET" },
            },
        }),
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task List_ShowsTheFoldersTriggers_ToAnyOperator_NotAnonymously()
    {
        using var viewer = _server.Client("vera");
        using var anonymous = _server.Client();

        var list = await viewer.GetFromJsonAsync<JsonObject>("/api/triggers");
        using var refused = await anonymous.GetAsync(new Uri("/api/triggers", UriKind.Relative));

        var ids = list!["triggers"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["greet/daily", "greet/hook"], ids);
        Assert.NotNull(list["triggers"]![0]!["nextFireAt"]);
        Assert.Empty(list["problems"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task PauseResume_NeedActPolicy_AreAuditedWithTheOperator()
    {
        using var viewer = _server.Client("vera");
        using var alice = _server.Client("alice");

        using var forbidden = await viewer.PostAsync(new Uri("/api/triggers/greet/daily/pause", UriKind.Relative), null);
        using var paused = await alice.PostAsync(new Uri("/api/triggers/greet/daily/pause", UriKind.Relative), null);
        var listed = await alice.GetFromJsonAsync<JsonObject>("/api/triggers");
        using var resumed = await alice.PostAsync(new Uri("/api/triggers/greet/daily/resume", UriKind.Relative), null);
        using var unknown = await alice.PostAsync(new Uri("/api/triggers/greet/nope/pause", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True(listed!["triggers"]![0]!["paused"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("greet/daily", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var audit = await new AuditLog(_server.DataDir).ReadAsync(null);
        Assert.Equal(["paused alice", "resumed alice"], audit.Where(a => a.Kind == AuditKinds.Trigger).Select(a => $"{a.Decision} {a.Operator}"));
    }

    [Fact]
    public async Task Fire_StartsAManualTick_WebhookIsRefused()
    {
        using var alice = _server.Client("alice");

        using var fired = await alice.PostAsync(new Uri("/api/triggers/greet/daily/fire", UriKind.Relative), null);
        using var hook = await alice.PostAsync(new Uri("/api/triggers/greet/hook/fire", UriKind.Relative), null);
        var runId = (await fired.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
        JsonObject? run;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((run = await alice.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!["status"]!.GetValue<string>() != "completed")
        {
            await Task.Delay(25, timeout.Token);
        }

        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        Assert.StartsWith("greet-daily-manual-", runId, StringComparison.Ordinal);
        Assert.Equal("hi daily true", run["output"]!["text"]!.GetValue<string>());
        Assert.Equal("greet/daily", run["origin"]!["trigger"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, hook.StatusCode);
    }
}
