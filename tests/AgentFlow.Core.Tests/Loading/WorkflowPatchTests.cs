using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Tests.Loading;

public sealed class WorkflowPatchTests
{
    private const string Workflow = """
        {
          "name": "w",
          // comments are allowed in workflow files
          "models": { "m": { "provider": "local" } },
          "agents": { "a": { "model": "m", "instructions": "Be brief." } },
          "start": "draft",
          "nodes": {
            "draft": { "kind": "llm", "agent": "a", "prompt": "Write.", "temperature": 0.5, "next": "done" },
            "done": { "kind": "end" }
          }
        }
        """;

    [Fact]
    public void A_merge_patch_merges_objects_removes_nulls_and_replaces_the_rest()
    {
        var target = JsonNode.Parse("""{ "a": { "b": 1, "c": 2 }, "list": [1, 2], "keep": "x" }""");
        var patch = JsonNode.Parse("""{ "a": { "b": 10, "c": null, "d": true }, "list": [3] }""");

        var merged = WorkflowPatch.Merge(target, patch);

        Assert.Equal("""{"a":{"b":10,"d":true},"list":[3],"keep":"x"}""", merged!.ToJsonString());
        Assert.Equal("""{"a":{"b":1,"c":2},"list":[1,2],"keep":"x"}""", target!.ToJsonString());
    }

    [Theory]
    [InlineData("nodes.draft.prompt=Write a shorter issue", """{"nodes":{"draft":{"prompt":"Write a shorter issue"}}}""")]
    [InlineData("nodes.draft.temperature=0.2", """{"nodes":{"draft":{"temperature":0.2}}}""")]
    [InlineData("guardrails.enabled=false", """{"guardrails":{"enabled":false}}""")]
    [InlineData("nodes.draft.temperature=null", """{"nodes":{"draft":{"temperature":null}}}""")]
    [InlineData("nodes.draft.prompt=a=b", """{"nodes":{"draft":{"prompt":"a=b"}}}""")]
    public void An_assignment_becomes_a_merge_patch_with_a_json_or_string_value(string assignment, string expected) =>
        Assert.Equal(expected, WorkflowPatch.FromAssignment(assignment).ToJsonString());

    [Theory]
    [InlineData("nodes.draft.prompt")]
    [InlineData("=x")]
    [InlineData("nodes..prompt=x")]
    public void A_malformed_assignment_is_refused_with_an_example(string assignment)
    {
        var error = Assert.Throws<FormatException>(() => WorkflowPatch.FromAssignment(assignment));
        Assert.Contains("e.g.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patches_apply_in_order_and_the_result_is_loaded_and_checked_like_a_file()
    {
        var document = WorkflowPatch.Load(
            Encoding.UTF8.GetBytes(Workflow),
            "w.json",
            [WorkflowPatch.FromAssignment("nodes.draft.prompt=Write more."), JsonNode.Parse("""{ "guardrails": { "enabled": false, "spotlight": "datamark" } }""")!]);

        Assert.Empty(document.Diagnostics);
        var draft = Assert.IsType<AgentFlow.Core.Model.Nodes.LlmNode>(document.Definition!.Nodes["draft"]);
        Assert.Equal("Write more.", draft.Prompt);
        Assert.Equal(new GuardrailsDefinition(false, SpotlightMode.Datamark), document.Definition.Guardrails);

        var bad = WorkflowPatch.Load(Encoding.UTF8.GetBytes(Workflow), "w.json", [JsonNode.Parse("""{ "guardrails": { "spotlight": "loud" } }""")!]);
        Assert.Contains(bad.Diagnostics, d => d.JsonPath == "$.guardrails.spotlight");
    }

    [Fact]
    public void Guardrails_default_to_on_with_delimiters()
    {
        var document = WorkflowLoader.Parse(Workflow, "w.json");

        Assert.Equal(GuardrailsDefinition.Default, document.Definition!.Guardrails);
        Assert.True(document.Definition.Guardrails.Enabled);
        Assert.Equal(SpotlightMode.Delimit, document.Definition.Guardrails.Spotlight);
    }
}
