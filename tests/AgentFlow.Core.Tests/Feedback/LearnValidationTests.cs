using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Validation.Feedback;

namespace AgentFlow.Core.Tests.Feedback;

/// <summary>An approval's <c>learn</c>: how it is read, which agents <c>learn: true</c> finds, and its errors (AF431, AF432, AF106).</summary>
public sealed class LearnValidationTests
{
    private const string Agents = "\"agents\": { \"writer\": { \"model\": \"m\" }, \"critic\": { \"model\": \"m\" }, \"summariser\": { \"model\": \"m\" } }";

    /// <summary>A map of summaries by summariser, a draft by writer, a set that lays it out, then the approval <c>review</c> with <paramref name="review"/> fields.</summary>
    private static string Newsletter(string review) => $$$"""
        {
          "name": "t",
          "inputs": { "items": { "type": "array", "items": { "type": "string" } }, "topic": { "type": "string" } },
          "models": { "m": { "provider": "local" } },
          {{{Agents}}},
          "start": "each",
          "nodes": {
            "each": { "kind": "map", "items": "inputs.items", "as": "it", "do": { "kind": "llm", "agent": "summariser", "prompt": "Sum {{ it }}" }, "next": "draft" },
            "draft": { "kind": "llm", "agent": "writer", "prompt": "Write from {% for s in each.items %}{{ s.text }}{% endfor %}", "next": "layout" },
            "layout": { "kind": "set", "values": { "html": "<h1>{{ draft.text }}</h1>" }, "next": "review" },
            "review": { "kind": "approval", "approvers": ["role:editor"], {{{review}}} }
          }
        }
        """;

    [Fact]
    public void FeedbackAgents_LearnTrue_FindsTheAgentsBehindShowThroughSetAndMap()
    {
        var definition = WorkflowLoader.Parse(Newsletter("""
            "show": { "html": "{{ layout.html }}", "count": "{{ each.items | size }}", "topic": "{{ inputs.topic }}" }, "learn": true
            """), "t.json").Definition!;

        var agents = FeedbackAgents.Of(definition, (ApprovalNode)definition.Nodes["review"]);

        Assert.Equal(["writer", "summariser"], agents);
    }

    [Fact]
    public void FeedbackAgents_NamedAgents_AreTheNamedOnesAndNoLearnMeansNone()
    {
        var named = WorkflowLoader.Parse(Newsletter("""
            "show": { "html": "{{ layout.html }}" }, "learn": ["critic", "writer"]
            """), "t.json").Definition!;
        var none = WorkflowLoader.Parse(Newsletter("""
            "show": { "html": "{{ layout.html }}" }
            """), "t.json").Definition!;

        Assert.Equal(["critic", "writer"], FeedbackAgents.Of(named, (ApprovalNode)named.Nodes["review"]));
        Assert.Empty(FeedbackAgents.Of(none, (ApprovalNode)none.Nodes["review"]));
    }

    [Theory]
    [InlineData("\"learn\": true")]
    [InlineData("\"learn\": false")]
    [InlineData("\"learn\": \"critic\"")]
    [InlineData("\"learn\": [\"writer\", \"critic\"]")]
    public void Validate_LearnWithAgents_HasNoDiagnostics(string learn)
    {
        var diagnostics = Validate.Json(Newsletter($$$"""
            "show": { "subject": "{{ draft.text }}" }, {{{learn}}}
            """));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("\"learn\": \"writter\"", "$.nodes.review.learn", "writter", "Did you mean 'writer'?")]
    [InlineData("\"learn\": [\"writer\", \"ghost\"]", "$.nodes.review.learn[1]", "ghost", "Valid agents: critic, summariser, writer.")]
    public void Validate_LearnNamesAnUndeclaredAgent_ReportsAF431AtTheName(string learn, string path, string agent, string hint)
    {
        var diagnostics = Validate.Json(Newsletter($$$"""
            "show": { "subject": "{{ draft.text }}" }, {{{learn}}}
            """));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF431", path), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Equal($"node 'review' learns for agent '{agent}', which is not declared under 'agents'", diagnostic.Message);
        Assert.StartsWith(hint, diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("\"learn\": true", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LearnTrueButShowReadsNoModelOutput_ReportsAF432NamingWhatToWrite()
    {
        var diagnostics = Validate.Json(Newsletter("""
            "show": { "topic": "{{ inputs.topic }}", "fixed": "ok" }, "learn": true
            """));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF432", "$.nodes.review.learn"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Equal("node 'review' has \"learn\": true, but its 'show' reads no llm node's output, so no agent wrote what the operators judge", diagnostic.Message);
        Assert.StartsWith("Name the agent that should learn, e.g. \"learn\": \"critic\"", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"learn\": 3", "number")]
    [InlineData("\"learn\": []", "array")]
    [InlineData("\"learn\": \"\"", "string")]
    [InlineData("\"learn\": [\"writer\", 1]", "array")]
    public void Validate_LearnOfAnotherShape_ReportsAF106(string learn, string kind)
    {
        var diagnostics = Validate.Json(Newsletter($$$"""
            "show": { "subject": "{{ draft.text }}" }, {{{learn}}}
            """));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF106", "$.nodes.review.learn"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Equal($"'learn' of node 'review' is {kind}; it must be true, an agent name or a non-empty list of agent names", diagnostic.Message);
    }
}
