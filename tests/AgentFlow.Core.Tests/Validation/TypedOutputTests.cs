using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Validation;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>AF310 and the AF306 fallback: reads that fit the declared output shapes, and reads that are not checked.</summary>
public sealed class TypedOutputTests
{
    private const string Extra = """
        "inputs": { "x": { "type": "boolean", "default": true } },
        "sources": { "news": { "kind": "rss", "url": "https://example.com/feed" } }
        """;

    private static IReadOnlyList<Diagnostic> Run(string nodes) => Validate.Json(Validate.Workflow(nodes, extra: Extra));

    [Fact]
    public void Validate_CorrectReadsOfEveryTypedKind_HasNoDiagnostics()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "b" },
              "b": { "kind": "recall", "agent": "writer", "query": "{{ a.results[0].text }} {{ a.results.first.title }} {{ a.results.size }}", "next": "c" },
              "c": { "kind": "remember", "agent": "writer", "text": "{{ b.items.first.text }} {{ b.items[0].score }} {{ b.items[0].createdAt }}", "next": "d" },
              "d": { "kind": "llm", "agent": "writer", "prompt": "{{ c.id }} {{ b.items[0].metadata.anything.deep }}", "next": "e",
                     "output": { "type": "object", "properties": { "subject": { "type": "string" }, "tags": { "type": "array", "items": { "type": "string" } } } } },
              "e": { "kind": "approval", "approvers": ["role:r"], "show": { "subject": "{{ d.subject }}", "n": 3 },
                     "next": [ { "when": "e.approved and e.decision == 'approved'", "to": "f" }, { "to": "f" } ] },
              "f": { "kind": "set", "values": { "s": "{{ e.values.subject }}", "n": "{{ e.values.n }}", "by": "{{ e.by }} {{ e.comment }} {{ e.votes[0].at }}",
                                                 "tags": "{{ d.tags | join: ',' }}", "tokens": "{{ d.usage.promptTokens }} {{ d.usage.calls }} {{ d.usage.cost }} {{ d.usage.currency }} {{ d.usage.agent }} {{ d.exchange.finishReason }}" }, "next": "g" },
              "g": { "kind": "map", "items": "a.results", "as": "doc", "next": "h",
                     "do": { "kind": "llm", "agent": "writer", "prompt": "{{ doc.title }}: {{ doc.text }} ({{ doc.source }}, {{ doc.chunk }})" } },
              "h": { "kind": "set", "values": { "first": "{{ g.items[0].text }}", "all": "{% for s in g.items %}{{ s.text }}{% endfor %}", "f": "{{ f.s.size }}" } }
            }
            """);

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Validate_ReadUnderToolWithoutDeclaredOutput_IsAllowed()
    {
        var diagnostics = Run("""
            { "a": { "kind": "tool", "tool": "lookup", "next": "b" },
              "b": { "kind": "set", "values": { "v": "{{ a.anything.at.all[3].x }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_ReadUnderUnknownFilter_IsUntyped()
    {
        var diagnostics = Run("""
            { "a": { "kind": "set", "values": { "v": "{{ inputs.x | some_custom_filter }}" }, "next": "b" },
              "b": { "kind": "set", "values": { "w": "{{ a.v.whatever }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_ReadUnderLlmSchemaWithoutType_IsAllowed()
    {
        var diagnostics = Run("""
            { "a": { "kind": "llm", "agent": "writer", "prompt": "p", "output": { "properties": { "x": { "type": "string" } } }, "next": "b" },
              "b": { "kind": "set", "values": { "v": "{{ a.y }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_LlmSchemaWithAdditionalProperties_AllowsOtherFields()
    {
        var diagnostics = Run("""
            { "a": { "kind": "llm", "agent": "writer", "prompt": "p", "next": "b",
                     "output": { "type": "object", "properties": { "x": { "type": "string" } }, "additionalProperties": true } },
              "b": { "kind": "set", "values": { "v": "{{ a.y }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_LlmWithToolsAndSchema_MayAlsoGiveTextAndRequests()
    {
        var diagnostics = Run("""
            { "a": { "kind": "llm", "agent": "writer", "prompt": "p", "tools": ["lookup"], "next": "b",
                     "output": { "type": "object", "properties": { "x": { "type": "string" } } } },
              "b": { "kind": "set", "values": { "v": "{{ a.x }} {{ a.text }} {{ a.requests[0].args.id }} {{ a.requests.size }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_StructuredLlmWithoutTools_HasNoText()
    {
        var diagnostics = Run("""
            { "a": { "kind": "llm", "agent": "writer", "prompt": "p", "next": "b",
                     "output": { "type": "object", "properties": { "x": { "type": "string" } } } },
              "b": { "kind": "set", "values": { "v": "{{ a.text }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownOutputField, error.Code);
        Assert.Contains("'a' has: x, usage, exchange", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadOfSkippedNodeWithDefault_IsAllowed()
    {
        var diagnostics = Run("""
            { "a": { "kind": "switch", "next": [ { "when": "inputs.x", "to": "b" }, { "to": "c" } ] },
              "b": { "kind": "set", "values": { "sides": 2 }, "next": "c" },
              "c": { "kind": "set", "values": { "v": "{{ b.sides | default: 'none' }}" } } }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_ReadOfSkippedNodeWithDefault_StillChecksTheField()
    {
        var diagnostics = Run("""
            { "a": { "kind": "switch", "next": [ { "when": "inputs.x", "to": "b" }, { "to": "c" } ] },
              "b": { "kind": "set", "values": { "sides": 2 }, "next": "c" },
              "c": { "kind": "set", "values": { "v": "{{ b.side | default: 'none' }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownOutputField, error.Code);
        Assert.Equal("$.nodes.c.values.v", error.JsonPath);
        Assert.StartsWith("Did you mean 'sides'?", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadOfSkippedNodeWithOtherFilter_IsStillAF306()
    {
        var diagnostics = Run("""
            { "a": { "kind": "switch", "next": [ { "when": "inputs.x", "to": "b" }, { "to": "c" } ] },
              "b": { "kind": "set", "values": { "sides": 2 }, "next": "c" },
              "c": { "kind": "set", "values": { "v": "{{ b.sides | plus: 1 }}" } } }
            """);

        Assert.Equal(DiagnosticCodes.NodeNotGuaranteed, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Validate_SetValueCopiedFromTypedRead_KeepsItsShape()
    {
        var diagnostics = Run("""
            { "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "b" },
              "b": { "kind": "set", "values": { "top": "{{ a.results | first }}", "n": "{{ a.results | size }}" }, "next": "c" },
              "c": { "kind": "set", "values": { "ok": "{{ b.top.title }}", "bad": "{{ b.top.titel }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal("$.nodes.c.values.bad", error.JsonPath);
        Assert.StartsWith("Did you mean 'title'?", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListReadAsItem_HintsAtIndexing()
    {
        var diagnostics = Run("""
            { "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "b" },
              "b": { "kind": "set", "values": { "t": "{{ a.results.text }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Contains("is a list", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a.results[0].text'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MapWithSubGraphBody_ItemsHaveTheFieldsOfEveryEnd()
    {
        var diagnostics = Run("""
            { "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "m" },
              "m": { "kind": "map", "items": "a.results", "as": "r", "next": "z", "do": { "start": "k", "nodes": {
                "k": { "kind": "switch", "next": [ { "when": "r.score > 0.5", "to": "keep" }, { "to": "drop" } ] },
                "keep": { "kind": "set", "values": { "title": "{{ r.title }}", "kept": true } },
                "drop": { "kind": "set", "values": { "title": "{{ r.title }}" } } } } },
              "z": { "kind": "set", "values": { "t": "{{ m.items[0].title }} {{ m.items[0].kept }}", "bad": "{{ m.items[0].score }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal("$.nodes.z.values.bad", error.JsonPath);
    }

    [Fact]
    public void Validate_MapWhoseBodyEndsAtEnd_ItemsAreUntyped()
    {
        var diagnostics = Run("""
            { "m": { "kind": "map", "items": "inputs.x", "next": "z", "do": { "start": "k", "nodes": {
                "k": { "kind": "set", "values": { "v": 1 }, "next": "e" }, "e": { "kind": "end" } } } },
              "z": { "kind": "set", "values": { "t": "{{ m.items[0].anything }}" } } }
            """.Replace("\"m\"", "\"a\"", StringComparison.Ordinal).Replace("m.items", "a.items", StringComparison.Ordinal));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_SubWorkflowThatCannotBeRead_IsUntyped()
    {
        var diagnostics = Validate.Json(Validate.Workflow("""
            { "a": { "kind": "workflow", "path": "missing.json", "next": "b" },
              "b": { "kind": "set", "values": { "v": "{{ a.whatever }}" } } }
            """), Path.Combine(Path.GetTempPath(), "af-typed-" + Guid.NewGuid().ToString("N"), "t.json"));

        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.UnknownOutputField);
    }

    [Fact]
    public void Validate_SubWorkflowOutput_IsTyped()
    {
        var diagnostics = Validate.File(Path.Combine(RepoPaths.InvalidCorpus, "167-sub-workflow-output-typo.json"));

        var error = Assert.Single(diagnostics);
        Assert.StartsWith("Did you mean 'greeting'?", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CodeToolOutputGivenByHost_IsChecked()
    {
        var json = Validate.Workflow("""
            { "a": { "kind": "tool", "tool": "shape", "next": "b" },
              "b": { "kind": "set", "values": { "n": "{{ a.count }}", "bad": "{{ a.counts }}" } } }
            """, extra: "\"tools\": { \"shape\": { \"kind\": \"code\", \"risk\": \"low\", \"name\": \"json.transform\" } }").Replace(
            "\"tools\": { \"mail\"", "\"unused\": { \"mail\"", StringComparison.Ordinal);
        var outputs = new Dictionary<string, ValueShape> { ["json.transform"] = ValueShape.Record(("result", ValueShape.Untyped), ("count", ValueShape.Number)) };

        var diagnostics = WorkflowValidator.Validate(WorkflowLoader.Parse(json, "t.json"), codeToolOutputs: outputs);

        var error = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownOutputField);
        Assert.Equal("$.nodes.b.values.bad", error.JsonPath);
    }

    [Fact]
    public void Validate_NodeWithoutOutput_ReportsNoOutput()
    {
        var diagnostics = Run("""
            { "a": { "kind": "parallel", "branches": ["b"], "join": "c" },
              "b": { "kind": "set", "values": { "v": 1 } },
              "c": { "kind": "set", "values": { "v": "{{ a.branches }}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownOutputField, error.Code);
        Assert.Contains("has no output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ForVariableOverTypedList_IsCheckedAsAnItem()
    {
        var diagnostics = Run("""
            { "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "b" },
              "b": { "kind": "set", "values": {
                "ok": "{% for r in a.results %}{{ r.title }}{% for w in r.title %}{{ w.size }}{% endfor %}{% endfor %}",
                "bad": "{% for r in a.results reversed %}{{ r.titel }}{% endfor %}" } } }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal("$.nodes.b.values.bad", error.JsonPath);
        Assert.Contains("'a.results[].titel'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Did you mean 'title'?", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ForVariableAlsoAssigned_IsUntyped()
    {
        var diagnostics = Run("""
            { "a": { "kind": "retrieve", "source": "news", "query": "q", "next": "b" },
              "b": { "kind": "set", "values": { "v": "{% for r in a.results %}{{ r.x }}{% endfor %}{% assign r = 'y' %}{{ r.z }}" } } }
            """);

        Assert.Empty(diagnostics);
    }
}
