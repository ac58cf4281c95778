using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation.Trust;

/// <summary>
/// The untrusted-flow corpus (cases/): one small workflow per case. A reported case has exactly one diagnostic, with
/// its code, JSON path and line/column; a clean case (an approval in between, an allow-listed recipient, a route
/// computed in code, trusted inputs, approval values) has none.
/// </summary>
public sealed class TrustCorpusTests
{
    private static readonly string Cases = Path.Combine(RepoPaths.Root, "tests", "AgentFlow.Core.Tests", "Validation", "Trust", "cases");

    public static TheoryData<string, string, string, int, int> Reported => new()
    {
        { "01-retrieved-recipient-not-shown.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.send.args.to", 55, 9 },
        { "02-model-recipient-from-webhook.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.send.args.to", 63, 9 },
        { "03-http-url-argument.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.refund.args.order", 42, 9 },
        { "04-mcp-every-argument.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.file.args.note", 40, 9 },
        { "05-code-declared-sensitive.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.pay.args.amount", 75, 9 },
        { "06-map-loop-variable.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.each.do.nodes.send.args.to", 44, 15 },
        { "07-through-set-node.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.send.args.to", 45, 9 },
        { "08-recalled-memory.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.send.args.to", 49, 9 },
        { "09-model-request-as-args.json", DiagnosticCodes.UntrustedSensitiveArgument, "$.nodes.act.args.to", 64, 9 },
        { "10-switch-on-model-answer.json", DiagnosticCodes.UntrustedRouting, "$.nodes.route.next[0].when", 67, 11 },
        { "11-conditional-next-on-model-answer.json", DiagnosticCodes.UntrustedRouting, "$.nodes.judge.next[0].when", 50, 11 },
        { "12-llm-reads-retrieved-offers-medium-tool.json", DiagnosticCodes.UntrustedToolChoice, "$.nodes.write.tools[0]", 41, 9 },
        { "13-llm-offers-http-and-medium-tool.json", DiagnosticCodes.UntrustedToolChoice, "$.nodes.research.tools[1]", 41, 9 },
    };

    public static TheoryData<string> Clean => [.. Directory.GetFiles(Cases, "2*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Reported))]
    public void Validate_UntrustedFlow_ReportsItsCodeAtItsLocation(string name, string code, string jsonPath, int line, int column)
    {
        var diagnostics = Validate.File(Path.Combine(Cases, name));

        var error = Assert.Single(diagnostics);
        Assert.Equal((code, jsonPath, line, column), (error.Code, error.JsonPath, error.Location.Line, error.Location.Column));
        Assert.True(error.IsError);
    }

    [Theory]
    [MemberData(nameof(Clean))]
    public void Validate_CleanFlow_ReportsNothing(string name)
    {
        var diagnostics = Validate.File(Path.Combine(Cases, name));

        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void Corpus_HasAtLeastFifteenCasesWithCleanOnes()
    {
        Assert.True(Reported.Count + Clean.Count >= 15);
        Assert.True(Clean.Count >= 5);
    }

    [Theory]
    [MemberData(nameof(Reported))]
    public void Validate_UntrustedFlow_MessageNamesTheNodeAndTheSourceAndTheHintSaysWhatToDo(string name, string code, string jsonPath, int line, int column)
    {
        _ = (code, line, column);
        var error = Assert.Single(Validate.File(Path.Combine(Cases, name)));
        var parts = jsonPath.Split('.');
        var node = parts[Array.LastIndexOf(parts, "nodes") + 1];

        Assert.Contains($"'{node}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("untrusted", error.Message, StringComparison.Ordinal);
        Assert.Matches("retrieve node|input '|http tool|memory of agent", error.Message);
        Assert.Matches("approval|code|allow-list|risk", error.Hint);
    }
}
