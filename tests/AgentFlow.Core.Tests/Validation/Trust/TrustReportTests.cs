using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Validation.Trust;

namespace AgentFlow.Core.Tests.Validation.Trust;

public sealed class TrustReportTests
{
    private static readonly string Cases = Path.Combine(RepoPaths.Root, "tests", "AgentFlow.Core.Tests", "Validation", "Trust", "cases");

    [Fact]
    public void UntrustedShowFields_ListsTheShownValuesAThirdPartyWrote_InShowOrder()
    {
        var workflow = Load("23-clean-route-computed-in-code.json");
        var report = TrustReport.Analyze(workflow);

        Assert.Equal(["to", "text"], report.UntrustedShowFields((ApprovalNode)workflow.Nodes["review"]));
    }

    [Fact]
    public void IsUntrustedOutput_ModelAnswerOfUntrustedText_IsModelLabelled_AndApprovalOutputIsTrusted()
    {
        var workflow = Load("20-clean-approval-shows-value.json");
        var report = TrustReport.Analyze(workflow);

        Assert.Equal(UntrustedKind.Model, report.OutputKind(workflow.Nodes["draft"]));
        Assert.False(report.IsUntrustedOutput(workflow.Nodes["review"]));
        Assert.Equal(UntrustedKind.Data, report.InputKind("request"));
    }

    [Fact]
    public void IsUntrustedOutput_SetNodeOfCodeComputedSender_IsDataNotModel()
    {
        var workflow = Load("23-clean-route-computed-in-code.json");
        var report = TrustReport.Analyze(workflow);

        Assert.Equal(UntrustedKind.Data, report.OutputKind(workflow.Nodes["sender"]));
        Assert.Equal(UntrustedKind.Model, report.OutputKind(workflow.Nodes["classify"]));
    }

    [Fact]
    public void Analyze_NodesInsideMapBodies_AreTheDefinitionsOwnNodes()
    {
        var workflow = WorkflowLoader.Parse(
            """
            {
              "name": "t", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
              "sources": { "web": { "kind": "files", "path": "*.md" } },
              "start": "fetch",
              "nodes": {
                "fetch": { "kind": "retrieve", "source": "web", "query": "x", "next": "each" },
                "each": { "kind": "map", "items": "fetch.results", "as": "page", "do": { "start": "sum", "nodes": {
                  "sum": { "kind": "llm", "agent": "a", "prompt": "Summarise: {{ page.text }}", "next": "label" },
                  "label": { "kind": "set", "values": { "fixed": "ok", "summary": "{{ sum.text }}" } },
                  "review": { "kind": "approval", "approvers": ["role:x"], "show": { "fixed": "{{ label.fixed }}", "summary": "{{ label.summary }}" } } } } }
              }
            }
            """, "t.json").Definition!;
        var report = TrustReport.Analyze(workflow);
        var body = ((MapNode)workflow.Nodes["each"]).Body.Nodes;

        Assert.Equal(UntrustedKind.Model, report.OutputKind(body["sum"]));
        Assert.Equal(UntrustedKind.Model, report.OutputKind(workflow.Nodes["each"]));
        Assert.Equal(["summary"], report.UntrustedShowFields((ApprovalNode)body["review"]));
    }

    [Fact]
    public void Analyze_ScheduleFilledInput_IsTrusted_DeclaredUntrustedInputIsNot()
    {
        Assert.Equal(UntrustedKind.None, TrustReport.Analyze(Load("25-clean-schedule-filled-input.json")).InputKind("to"));
        Assert.Equal(UntrustedKind.Data, TrustReport.Analyze(Load("04-mcp-every-argument.json")).InputKind("ticket"));
    }

    [Fact]
    public void SensitiveArguments_DefaultsByKind()
    {
        var workflow = Load("03-http-url-argument.json");

        Assert.Equal(["order"], SensitiveArguments.Of(workflow.Tools["refundApi"]));
        Assert.Null(SensitiveArguments.Of(Load("04-mcp-every-argument.json").Tools["tickets"]));
        Assert.Equal(["amount"], SensitiveArguments.Of(Load("05-code-declared-sensitive.json").Tools["payout"]));
        Assert.True(SensitiveArguments.IsBounded(Load("22-clean-allow-listed-recipient.json").Tools["notify"], "to"));
        Assert.False(SensitiveArguments.IsBounded(workflow.Tools["refundApi"], "order"));
    }

    private static WorkflowDefinition Load(string name) =>
        WorkflowLoader.LoadFileAsync(Path.Combine(Cases, name)).GetAwaiter().GetResult().Definition!;
}
