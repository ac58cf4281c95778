using AgentFlow.Engine.Backends.Sqlite;
using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace AgentFlow.Engine.Tests.Backends;

/// <summary>
/// The embedded backend's serializer (one shared serializer, type names looked up once) writes exactly the text
/// <c>JsonConvert</c> writes with the same settings, so databases written before and after read the same.
/// </summary>
public sealed class SqliteSerializerTests
{
    private static readonly JsonSerializerSettings Reference = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    };

    private static readonly OrchestrationInstance Instance = new() { InstanceId = "run-1", ExecutionId = "exec-1" };

    [Fact]
    public void Messages_AreWrittenAsJsonConvertWritesThem()
    {
        TaskMessage[] messages =
        [
            new() { Event = new TaskCompletedEvent(-1, 3, "\"done\""), OrchestrationInstance = Instance },
            new() { Event = new TaskScheduledEvent(4, "Node", "1", "[\"input\"]"), OrchestrationInstance = Instance, SequenceNumber = 7 },
            new() { Event = new TaskFailedEvent(-1, 2, "boom", "details", new FailureDetails(new InvalidOperationException("boom"))), OrchestrationInstance = Instance },
            new() { Event = new EventRaisedEvent(-1, "\"yes\"") { Name = "approval" }, OrchestrationInstance = Instance },
            new() { Event = new TimerFiredEvent(-1, new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc)) { TimerId = 5 }, OrchestrationInstance = Instance },
            new() { Event = new ExecutionTerminatedEvent(-1, "stop"), OrchestrationInstance = Instance },
        ];

        foreach (var message in messages)
        {
            AssertSameText(message);
        }
    }

    [Fact]
    public void HistoryAndState_AreWrittenAsJsonConvertWritesThem()
    {
        var started = new ExecutionStartedEvent(-1, "{\"a\":1}")
        {
            OrchestrationInstance = Instance,
            Name = "Graph",
            Version = "2",
            Tags = new Dictionary<string, string> { ["workflow"] = "hello" },
        };
        List<HistoryEvent> history =
        [
            new OrchestratorStartedEvent(-1),
            started,
            new TaskScheduledEvent(0, "Node", string.Empty, "[0]"),
            new TimerCreatedEvent(1, DateTime.UtcNow),
            new SubOrchestrationInstanceCreatedEvent(2) { Name = "Chunk", InstanceId = "run-1:0" },
            new ExecutionCompletedEvent(3, "\"out\"", OrchestrationStatus.Completed),
            new OrchestratorCompletedEvent(-1),
        ];
        var state = new OrchestrationState
        {
            OrchestrationInstance = Instance,
            Name = "Graph",
            OrchestrationStatus = OrchestrationStatus.Running,
            CreatedTime = DateTime.UtcNow,
            LastUpdatedTime = DateTime.UtcNow,
            Status = "{\"step\":1}",
            Tags = new Dictionary<string, string> { ["workflow"] = "hello" },
        };

        AssertSameText(history);
        AssertSameText(state);
    }

    private static void AssertSameText<T>(T value)
    {
        var written = SqliteSerializer.Serialize(value);

        Assert.Equal(JsonConvert.SerializeObject(value, typeof(T), Reference), written);
        Assert.Equal(written, SqliteSerializer.Serialize(SqliteSerializer.Deserialize<T>(written)));
    }
}
