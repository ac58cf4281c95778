using AgentFlow.Core.Graph;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Tests.Graph;

public sealed class GraphExportTests
{
    private static Model.WorkflowDefinition Newsletter() =>
        WorkflowLoader.LoadFileAsync(Path.Combine(RepoPaths.Workflows, "newsletter.json")).GetAwaiter().GetResult().Definition!;

    [Fact]
    public void Mermaid_LabelsConditionalEdgesAndNodeKinds()
    {
        var text = MermaidExporter.Export(Newsletter());

        Assert.StartsWith("flowchart TD", text, StringComparison.Ordinal);
        Assert.Contains("n_review -->|\"review.approved\"| n_send", text, StringComparison.Ordinal);
        Assert.Contains("|\"else\"|", text, StringComparison.Ordinal);
        Assert.Contains("[approval]", text, StringComparison.Ordinal);
        Assert.Contains("[map] each article in fetch.results", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_IsADigraphWithLabelledConditionsAndDashedErrorEdges()
    {
        var json = Validate.Workflow("""
            {
              "a": { "kind": "tool", "tool": "lookup", "onError": "f", "next": [ { "when": "a.ok", "to": "z" }, { "to": "f" } ] },
              "f": { "kind": "fail", "message": "lookup failed" },
              "z": { "kind": "end" }
            }
            """);
        var text = DotExporter.Export(WorkflowLoader.Parse(json, "t.json").Definition!);

        Assert.StartsWith("digraph \"t\" {", text, StringComparison.Ordinal);
        Assert.Contains("\"a\" -> \"z\" [label=\"a.ok\"];", text, StringComparison.Ordinal);
        Assert.Contains("\"a\" -> \"f\" [label=\"on error\", style=dashed];", text, StringComparison.Ordinal);
        Assert.Contains("\"a\" [label=\"a [tool] tool lookup\"", text, StringComparison.Ordinal);
    }
}
