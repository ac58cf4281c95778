using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Tests.Validation;

public sealed class ExampleWorkflowTests
{
    public static TheoryData<string> Examples => [.. RepoPaths.ExampleWorkflows.Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_ExampleWorkflow_HasNoDiagnostics(string name)
    {
        var diagnostics = Validate.File(Path.Combine(RepoPaths.Workflows, name));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Examples_IncludeTheFourDocumentedWorkflows()
    {
        var names = RepoPaths.ExampleWorkflows.Select(Path.GetFileName).ToHashSet();

        Assert.Superset(names!, new HashSet<string>(["hello.json", "newsletter.json", "email-triage.json", "refund-approval.json"]));
    }

    [Fact]
    public async Task Load_Newsletter_ReadsTypedNodesAndPinsContentHash()
    {
        var document = await WorkflowLoader.LoadFileAsync(Path.Combine(RepoPaths.Workflows, "newsletter.json"));

        var definition = Assert.IsType<Model.WorkflowDefinition>(document.Definition);
        Assert.Equal(64, definition.ContentHash.Length);
        Assert.IsType<Model.Nodes.ApprovalNode>(definition.Nodes["review"]);
        Assert.IsType<Model.Nodes.MapNode>(definition.Nodes["summarise"]);
        Assert.Equal(Model.ToolRisk.High, definition.Tools["mail"].Risk);
    }
}
