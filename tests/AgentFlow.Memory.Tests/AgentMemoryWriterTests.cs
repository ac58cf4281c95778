using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Memory;

namespace AgentFlow.Memory.Tests;

/// <summary><see cref="AgentMemory"/> as <see cref="IAgentMemoryWriter"/>: the way approvals with <c>learn</c> remember feedback.</summary>
public sealed class AgentMemoryWriterTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(TestDatabase.Now);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Remember_SameNoteIdTwice_StoresOneRecordThatRecallFinds()
    {
        using var store = _db.Open(time: _clock);
        var memory = new AgentMemory(store, _db.Embedder, _clock);
        var note = new AgentMemoryNote
        {
            Id = "feedback-1", Agent = "editor", Text = "Operator feedback on review (rejected by alice): Always mention the date in the subject",
            Metadata = new JsonObject { ["kind"] = "feedback" }, RunId = "letter-1", NodeId = "review",
        };

        await memory.RememberAsync(note, CancellationToken.None);
        _clock.UtcNow = TestDatabase.Now.AddMinutes(1);
        await memory.RememberAsync(note, CancellationToken.None);

        var record = Assert.Single(await store.ListAsync("editor", 10));
        Assert.Equal(("feedback-1", "feedback", "letter-1", "review", TestDatabase.Now), (record.Id, record.Metadata!["kind"]!.GetValue<string>(), record.RunId, record.NodeId, record.CreatedAt));
        Assert.Equal([note.Text], await memory.RecallAsync("editor", "Write the subject line of this week's newsletter", 5, CancellationToken.None));
    }
}
