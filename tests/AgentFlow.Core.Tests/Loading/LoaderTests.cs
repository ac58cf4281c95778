using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Tests.Loading;

public sealed class LoaderTests
{
    [Fact]
    public void Parse_SyntaxError_ReportsLineAndColumnOfTheError()
    {
        var document = WorkflowLoader.Parse("{\n  \"name\": \"x\",\n  \"start\" \"a\"\n}", "bad.json");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidJson, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Null(document.Definition);
    }

    [Fact]
    public void Parse_UnknownProperty_PointsAtTheKeyAndSuggestsTheClosestName()
    {
        var json = Validate.Workflow("""
            {
              "a": { "kind": "llm", "agent": "writer", "promt": "hi" }
            }
            """);

        var diagnostics = Validate.Json(json);

        var unknown = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownProperty);
        Assert.Equal("$.nodes.a.promt", unknown.JsonPath);
        Assert.Contains("'prompt'", unknown.Hint, StringComparison.Ordinal);
        Assert.Equal(json.Split('\n').ToList().FindIndex(l => l.Contains("\"promt\"", StringComparison.Ordinal)) + 1, unknown.Location.Line);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MissingProperty && d.Message.Contains("'prompt'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ManyErrors_ReportsAllOfThemNotOnlyTheFirst()
    {
        var json = Validate.Workflow("""
            {
              "a": { "kind": "retrieve", "source": 5, "query": "q", "top": 0, "next": "b" },
              "b": { "kind": "wait", "for": "soon" },
              "c": { "kind": "bogus" }
            }
            """);

        var codes = Validate.Json(json).Select(d => d.Code).ToList();

        Assert.Contains(DiagnosticCodes.WrongType, codes);
        Assert.Contains(DiagnosticCodes.InvalidValue, codes);
        Assert.Contains(DiagnosticCodes.InvalidDuration, codes);
        Assert.Contains(DiagnosticCodes.UnknownNodeKind, codes);
    }

    [Fact]
    public void Parse_DuplicateKey_IsReportedAtTheSecondOccurrence()
    {
        var json = "{\n\"name\": \"x\",\n\"start\": \"a\",\n\"nodes\": {\n\"a\": { \"kind\": \"end\" },\n\"a\": { \"kind\": \"end\" }\n}\n}";

        var duplicate = Assert.Single(Validate.Json(json), d => d.Code == DiagnosticCodes.DuplicateKey);

        Assert.Equal("$.nodes.a", duplicate.JsonPath);
        Assert.Equal(6, duplicate.Location.Line);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var json = "// a comment\n{ \"name\": \"x\", \"start\": \"a\", \"nodes\": { \"a\": { \"kind\": \"end\" }, }, }";

        Assert.Empty(Validate.Json(json));
    }

    [Fact]
    public void Parse_SecretInModel_IsRejectedWithoutEchoingTheValue()
    {
        var json = Validate.Workflow("""{ "a": { "kind": "end" } }""").Replace("\"provider\": \"local\"", "\"provider\": \"openai\", \"model\": \"gpt\", \"apiKey\": \"sk-live-123456\"", StringComparison.Ordinal);

        var secret = Assert.Single(Validate.Json(json), d => d.Code == DiagnosticCodes.SecretInWorkflow);

        Assert.Equal("$.models.m.apiKey", secret.JsonPath);
        Assert.DoesNotContain("sk-live", secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadFile_Missing_ThrowsFileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => WorkflowLoader.LoadFileAsync(Path.Combine(Path.GetTempPath(), "agentflow-nope.json")));
    }

    [Fact]
    public void Diagnostic_ToString_UsesTheCliFormat()
    {
        var diagnostic = new Diagnostic("AF202", DiagnosticSeverity.Error, "msg", "w.json", new SourceLocation(3, 7), "$.nodes.a.next", "hint.");

        Assert.Equal("w.json:3:7: AF202 msg (at $.nodes.a.next) hint.", diagnostic.ToString());
    }

    [Theory]
    [InlineData("Bearer abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("sk-proj-abcdefghijklmnopqrstuvwxyz")]
    public void Parse_LiteralCredentialInAnyValue_IsRejectedWithoutEchoingIt(string secret)
    {
        var json = Validate.Workflow($$"""{ "a": { "kind": "tool", "tool": "lookup", "args": { "headers": { "Authorization": "{{secret}}" } } } }""");

        var error = Assert.Single(Validate.Json(json), d => d.Code == DiagnosticCodes.SecretInWorkflow);

        Assert.Equal("$.nodes.a.args.headers.Authorization", error.JsonPath);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TemplatedAuthorizationHeader_IsNotASecret()
    {
        var json = Validate.Workflow("""{ "a": { "kind": "tool", "tool": "lookup", "args": { "Authorization": "Bearer {{ inputs.token }}" } } }""", extra: "\"inputs\": { \"token\": { \"type\": \"string\" } }");

        Assert.Empty(Validate.Json(json));
    }

    [Fact]
    public void Parse_CommentOnlyFile_SaysThereIsNoJsonValue()
    {
        var diagnostic = Assert.Single(WorkflowLoader.Parse("// only a comment\n", "c.json").Diagnostics);

        Assert.Equal(DiagnosticCodes.InvalidJson, diagnostic.Code);
        Assert.Contains("no JSON value", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(1, diagnostic.Location.Line);
    }

    [Fact]
    public void Parse_StringArrayWithNumber_PointsAtTheBadElement()
    {
        var json = Validate.Workflow("""{ "a": { "kind": "approval", "approvers": ["user:alice", 7] } }""");

        var error = Assert.Single(Validate.Json(json), d => d.Code == DiagnosticCodes.WrongType);

        Assert.Equal("$.nodes.a.approvers[1]", error.JsonPath);
        Assert.Contains("element [1] is a number", error.Message, StringComparison.Ordinal);
    }
}
