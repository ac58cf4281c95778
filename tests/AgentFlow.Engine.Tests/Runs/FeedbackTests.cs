using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>
/// Feedback of approval decisions on the embedded backend: a comment or edits become the output's <c>feedback</c> and
/// the run's list; with <c>learn</c> each learning agent remembers it once, however often the step is retried.
/// </summary>
public sealed class FeedbackTests(FeedbackTests.Harness harness) : IClassFixture<FeedbackTests.Harness>
{
    private const string Workflow = """
        { "name": "letter",
          "models": { "m": { "provider": "local" } },
          "agents": { "editor": { "model": "m" }, "critic": { "model": "m" } },
          "start": "draft",
          "nodes": {
            "draft": { "kind": "llm", "agent": "editor", "prompt": "Write a subject line", "next": "review" },
            "review": { "kind": "approval", "approvers": ["role:editor"], "show": { "subject": "{{ draft.text }}", "note": "fixed" }, "learn": LEARN }
          },
          "output": { "feedback": "{{ review.feedback }}", "subject": "{{ review.values.subject }}" } }
        """;

    [Fact]
    public async Task Approval_RejectedWithComment_RecordsFeedbackAndTheAgentRemembersItOnceThoughTheWriteIsRetried()
    {
        var runId = await WaitingRunAsync("reject.json", "true");

        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(false, "alice", "Always mention the date in the subject", Roles: ["editor"]));
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        var feedback = done.Output!["feedback"]!.AsObject();
        Assert.Equal(
            ("alice", "rejected", "Always mention the date in the subject", 0, "review", runId),
            (Str(feedback["by"]), Str(feedback["decision"]), Str(feedback["comment"]), feedback["edits"]!.AsArray().Count, Str(feedback["node"]), Str(feedback["run"])));
        Assert.True(JsonNode.DeepEquals(feedback, Assert.Single(done.Feedback)));

        // The first write "failed" after storing (a lost answer): the retry wrote the same id again, so a store keeps one.
        var notes = harness.Memory.Notes.Where(n => n.RunId == runId).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Single(notes.Select(n => n.Id).Distinct());
        Assert.Single(harness.Memory.Stored.Values, n => n.RunId == runId);
        var note = notes[0];
        Assert.Equal("editor", note.Agent);
        Assert.Equal("Operator feedback on review (rejected by alice): Always mention the date in the subject", note.Text);
        Assert.Equal(("feedback", runId, "review", "rejected", "alice"), (Str(note.Metadata!["kind"]), Str(note.Metadata["run"]), Str(note.Metadata["node"]), Str(note.Metadata["decision"]), Str(note.Metadata["by"])));
    }

    [Fact]
    public async Task Approval_ApprovedWithEdits_RecordsEachEditedFieldForTheNamedAgents()
    {
        var runId = await WaitingRunAsync("edit.json", "[\"critic\", \"editor\"]");

        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "bob", null, new JsonObject { ["subject"] = "Weekly, 3 Dec", ["note"] = "fixed" }, ["editor"]));
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        var feedback = Assert.Single(done.Feedback);
        Assert.Equal(("approved", null), (Str(feedback["decision"]), feedback["comment"]?.GetValue<string>()));
        var edit = Assert.Single(feedback["edits"]!.AsArray())!;
        Assert.Equal(("subject", "WRITE A SUBJECT LINE", "Weekly, 3 Dec"), (Str(edit["field"]), Str(edit["before"]), Str(edit["after"])));
        var stored = harness.Memory.Stored.Values.Where(n => n.RunId == runId).OrderBy(n => n.Agent, StringComparer.Ordinal).ToList();
        Assert.Equal(["critic", "editor"], stored.Select(n => n.Agent));
        Assert.Equal("Operator feedback on review (approved by bob): Changed subject from 'WRITE A SUBJECT LINE' to 'Weekly, 3 Dec'.", stored[0].Text);
    }

    [Fact]
    public async Task Approval_DecidedWithoutCommentOrEdits_RecordsNoFeedbackAndRemembersNothing()
    {
        var runId = await WaitingRunAsync("plain.json", "true");

        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "bob", "  ", new JsonObject { ["subject"] = "WRITE A SUBJECT LINE" }, ["editor"]));
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Null(done.Output!["feedback"]);
        Assert.Empty(done.Feedback);
        Assert.DoesNotContain(harness.Memory.Notes, n => n.RunId == runId);
    }

    [Fact]
    public async Task Prepare_LearningWorkflowOnAHostWithoutMemory_IsNotRunnableAndNamesTheNode()
    {
        var bare = new WorkflowHarness();
        await bare.InitializeAsync();
        WorkflowNotRunnableException error;
        try
        {
            var file = bare.Write("learn.json", Workflow.Replace("LEARN", "true", StringComparison.Ordinal));
            error = await Assert.ThrowsAsync<WorkflowNotRunnableException>(() => bare.Client.PrepareAsync(file, null));
        }
        finally
        {
            await bare.DisposeAsync();
        }

        Assert.Contains("node 'review' ($.nodes.review): learns from feedback (learn), but this host has no agent memory", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> WaitingRunAsync(string name, string learn)
    {
        var file = harness.Write(name, Workflow.Replace("LEARN", learn, StringComparison.Ordinal));
        var runId = await harness.StartAsync(file);
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        return runId;
    }

    private static string? Str(JsonNode? value) => value?.GetValue<string>();

    /// <summary>The engine harness with <see cref="Memory"/> as its agent memory.</summary>
    public sealed class Harness : WorkflowHarness
    {
        public FlakyMemory Memory { get; } = new();

        protected override IAgentMemoryWriter? CreateMemory() => Memory;
    }

    /// <summary>
    /// A memory that keeps notes by id like a store (a known id changes nothing) and loses the answer of the first
    /// write of each id after storing it, as a connection reset after the write would.
    /// </summary>
    public sealed class FlakyMemory : IAgentMemoryWriter
    {
        private readonly ConcurrentQueue<AgentMemoryNote> _notes = new();

        public ConcurrentDictionary<string, AgentMemoryNote> Stored { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<AgentMemoryNote> Notes => [.. _notes];

        public Task<string> RememberAsync(AgentMemoryNote note, CancellationToken cancellationToken)
        {
            _notes.Enqueue(note);
            return Stored.TryAdd(note.Id, note)
                ? Task.FromException<string>(new IOException("connection reset after the write"))
                : Task.FromResult(note.Id);
        }
    }
}
