using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Tests.Kinds;

/// <summary>Each activity kind renders its own input; the orchestrator passes it to the kind's activity as is.</summary>
public sealed class RenderInputTests
{
    private static readonly State Scope = new(new JsonObject { ["inputs"] = new JsonObject { ["topic"] = "tides", ["n"] = 3 } });

    [Fact]
    public async Task RenderInputAsync_Llm_RendersThePrompt()
    {
        var node = new LlmNode { Id = "a", JsonPath = "$.nodes.a", Agent = "writer", Prompt = "Write about {{ inputs.topic }}." };

        var input = await node.RenderInputAsync(Scope);

        Assert.Equal("""{"prompt":"Write about tides."}""", input.ToJsonString());
    }

    [Fact]
    public async Task RenderInputAsync_RetrieveAndRecall_RenderTheQuery()
    {
        var retrieve = new RetrieveNode { Id = "a", JsonPath = "$.nodes.a", Source = "docs", Query = "{{ inputs.topic }}" };
        var recall = new RecallNode { Id = "b", JsonPath = "$.nodes.b", Agent = "writer", Query = "{{ inputs.topic }}" };

        Assert.Equal("""{"query":"tides"}""", (await retrieve.RenderInputAsync(Scope)).ToJsonString());
        Assert.Equal("""{"query":"tides"}""", (await recall.RenderInputAsync(Scope)).ToJsonString());
    }

    [Fact]
    public async Task RenderInputAsync_ToolWithArgs_KeepsTheTypeOfASingleExpression()
    {
        var node = new ToolNode { Id = "a", JsonPath = "$.nodes.a", Tool = "lookup", Args = Json("""{ "n": "{{ inputs.n }}", "q": "on {{ inputs.topic }}" }""") };

        var input = await node.RenderInputAsync(Scope);

        Assert.Equal("""{"args":{"n":3,"q":"on tides"}}""", input.ToJsonString());
    }

    [Fact]
    public async Task RenderInputAsync_ToolWithoutArgs_RendersEmptyArgs()
    {
        var node = new ToolNode { Id = "a", JsonPath = "$.nodes.a", Tool = "lookup" };

        Assert.Equal("""{"args":{}}""", (await node.RenderInputAsync(Scope)).ToJsonString());
    }

    [Fact]
    public async Task RenderInputAsync_RememberWithoutMetadata_RendersNullMetadata()
    {
        var node = new RememberNode { Id = "a", JsonPath = "$.nodes.a", Agent = "writer", Text = "{{ inputs.topic }}" };

        Assert.Equal("""{"text":"tides","metadata":null}""", (await node.RenderInputAsync(Scope)).ToJsonString());
    }

    [Fact]
    public async Task RenderInputAsync_NotAnActivity_Throws()
    {
        var node = new SetNode { Id = "a", JsonPath = "$.nodes.a", Values = Json("{}") };

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await node.RenderInputAsync(Scope));
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed class State(JsonObject values) : ITemplateState
    {
        public bool TryGetValue(string name, out JsonNode? value) => values.TryGetPropertyValue(name, out value);

        public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
