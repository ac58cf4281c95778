using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>The graph rules whose subtleties the corpus alone would not pin down.</summary>
public sealed class FlowSemanticsTests
{
    private static IReadOnlyList<Diagnostic> Run(string nodes, string start = "a", string extra = "") =>
        Validate.Json(Validate.Workflow(nodes, start, extra));

    [Fact]
    public void Join_AfterParallel_SeesOutputsOfEveryBranch()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "parallel", "branches": ["b", "c"], "join": "d" },
              "b": { "kind": "set", "values": { "x": 1 } },
              "c": { "kind": "set", "values": { "y": 2 }, "next": "d" },
              "d": { "kind": "set", "values": { "sum": "{{ b.x }}{{ c.y }}" } }
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Merge_AfterConditionalBranches_DoesNotGuaranteeEitherBranch()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "switch", "next": [ { "when": "inputs.x", "to": "b" }, { "to": "c" } ] },
              "b": { "kind": "set", "values": { "v": 1 }, "next": "d" },
              "c": { "kind": "set", "values": { "v": 2 }, "next": "d" },
              "d": { "kind": "set", "values": { "v": "{{ b.v }}" } }
            }
            """, extra: "\"inputs\": { \"x\": { \"type\": \"boolean\", \"default\": true } }");

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.NodeNotGuaranteed, error.Code);
        Assert.Equal("$.nodes.d.values.v", error.JsonPath);
    }

    [Fact]
    public void OnErrorHandler_CannotReadTheFailedNode_ButCanReadError()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "tool", "tool": "lookup", "onError": "h", "next": "z" },
              "h": { "kind": "set", "values": { "why": "{{ error.message }}", "bad": "{{ a.result }}" } },
              "z": { "kind": "end" }
            }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal("$.nodes.h.values.bad", error.JsonPath);
    }

    [Fact]
    public void MapBody_ReadsLoopVariableAndOuterNodes_ButOuterCannotReadInnerNodes()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "set", "values": { "list": [1, 2, 3] }, "next": "m" },
              "m": { "kind": "map", "items": "a.list", "as": "n", "do": { "start": "inner", "nodes": {
                        "inner": { "kind": "set", "values": { "v": "{{ n }} of {{ a.list | size }}" } } } }, "next": "z" },
              "z": { "kind": "set", "values": { "all": "{{ m.items }}", "bad": "{{ inner.v }}" } }
            }
            """);

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.NodeNotGuaranteed, error.Code);
        Assert.Contains("inside map 'm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HighRiskTool_BehindApprovalOnEveryPath_IsAccepted()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "approval", "approvers": ["role:editor"], "next": [ { "when": "a.approved", "to": "send" }, { "to": "z" } ] },
              "send": { "kind": "tool", "tool": "mail", "next": "z" },
              "z": { "kind": "end" }
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HighRiskTool_InsideMapAfterOuterApproval_IsAccepted()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "approval", "approvers": ["user:ann"], "next": "m" },
              "m": { "kind": "map", "items": "inputs.to", "do": { "kind": "tool", "tool": "mail", "args": { "to": "{{ item }}" } } }
            }
            """, extra: "\"inputs\": { \"to\": { \"type\": \"array\" } }");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HighRiskTool_ReachedByBypass_NamesTheWitnessPath()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "switch", "next": [ { "when": "inputs.skip", "to": "send" }, { "to": "ok" } ] },
              "ok": { "kind": "approval", "approvers": ["role:editor"], "next": "send" },
              "send": { "kind": "tool", "tool": "mail" }
            }
            """, extra: "\"inputs\": { \"skip\": { \"type\": \"boolean\", \"default\": false } }");

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.HighRiskWithoutApproval, error.Code);
        Assert.Contains("a -> send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_WithMaxVisits_IsAccepted_AndLaterNodeIsNotGuaranteedOnFirstVisit()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "set", "values": { "n": 1 }, "next": "b" },
              "b": { "kind": "llm", "agent": "writer", "prompt": "{{ a.n }}", "maxVisits": 3, "next": [ { "when": "b.text == ''", "to": "b" }, { "to": "c" } ] },
              "c": { "kind": "end" }
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Diagnostics_AreSortedByLocation()
    {
        var diagnostics = Run("""
            {
              "a": { "kind": "tool", "tool": "nope", "next": "x" },
              "b": { "kind": "end" }
            }
            """);

        Assert.True(diagnostics.Count >= 3);
        Assert.Equal(diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).Select(d => d.ToString()), diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NestedParallel_InnerJoinAndBranches_AreGuaranteedAtOuterJoin(bool innerFirst)
    {
        var outer = "\"outer\": { \"kind\": \"parallel\", \"branches\": [\"inner\", \"y\"], \"join\": \"j\" }";
        var inner = "\"inner\": { \"kind\": \"parallel\", \"branches\": [\"u\", \"v\"], \"join\": \"k\" }";
        var diagnostics = Run($$$"""
            {
              {{{(innerFirst ? inner + ",\n" + outer : outer + ",\n" + inner)}}},
              "u": { "kind": "set", "values": { "u": 1 } },
              "v": { "kind": "set", "values": { "v": 2 }, "next": "k" },
              "y": { "kind": "set", "values": { "y": 3 } },
              "k": { "kind": "set", "values": { "both": "{{ u.u }}{{ v.v }}" }, "next": "j" },
              "j": { "kind": "set", "values": { "all": "{{ k.both }}{{ y.y }}{{ u.u }}" } }
            }
            """, start: "outer");

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Output_AfterParallelJoin_CanReadBranchOutputs()
    {
        var diagnostics = Validate.Json(Validate.Workflow("""
            {
              "a": { "kind": "parallel", "branches": ["b", "c"], "join": "d" },
              "b": { "kind": "set", "values": { "x": 1 } },
              "c": { "kind": "set", "values": { "y": 2 } },
              "d": { "kind": "end" }
            }
            """, extra: "\"output\": { \"x\": \"{{ b.x }}\", \"y\": \"{{ c.y }}\" }"));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }
}
