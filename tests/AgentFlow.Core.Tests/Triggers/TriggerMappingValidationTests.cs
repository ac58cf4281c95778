namespace AgentFlow.Core.Tests.Triggers;

/// <summary>A trigger's <c>inputs</c> mapping: declared names, required inputs, types, and what its templates may read.</summary>
public sealed class TriggerMappingValidationTests
{
    private const string Inbox = """ "kind": "imap", "host": "127.0.0.1", "security": "none", "username": "u", "passwordEnv": "P" """;
    private const string Hook = """ "kind": "webhook", "secretEnv": "S" """;
    private const string Weekly = """ "kind": "schedule", "cron": "0 8 * * MON" """;

    private static IReadOnlyList<Diagnostics.Diagnostic> Check(string settings, string mapping, string inputs) =>
        Validate.Json(TriggerWorkflows.With($$"""{ "t": { {{settings}}, "inputs": {{mapping}} } }""", inputs));

    [Theory]
    [InlineData(Inbox, """{ "mails": [ { "text": "From: {{ message.from.name }} <{{ message.from.address }}>\nSubject: {{ message.subject }}\n\n{{ message.text }}" } ] }""", """{ "mails": { "type": "array", "default": [] } }""")]
    [InlineData(Inbox, """{ "note": "{% for a in message.attachments %}{{ a.name }} ({{ a.size }} bytes) {% endfor %}{{ message.headers['x-priority'] }}{{ message.to[0].address }}" }""", """{ "note": { "type": "string" } }""")]
    [InlineData(Inbox, """{ "uid": "{{ message.uid }}", "subject": "{{ message.subject | default: 'none' }}" }""", """{ "uid": { "type": "integer" }, "subject": { "type": "string" } }""")]
    [InlineData(Hook, """{ "order": "{{ body.order }}", "count": "{{ body.items | size }}", "who": "{{ headers['x-user'] }}{{ query.ref }}" }""", """{ "order": { "type": "object" }, "count": { "type": "integer" }, "who": { "type": "string" } }""")]
    [InlineData(Weekly, """{ "when": "{{ trigger.time }}", "manual": "{{ trigger.manual }}", "topic": "LLMOps", "limit": 5, "tags": ["a", "{{ trigger.name }}"] }""", """{ "when": { "type": "string" }, "manual": { "type": "boolean" }, "topic": { "type": "string", "enum": ["LLMOps", "AI"] }, "limit": { "type": "integer" }, "tags": { "type": "array" } }""")]
    [InlineData(Weekly, """{ "maybe": null }""", """{ "maybe": { "type": "string", "required": false } }""")]
    public void Validate_GoodMapping_HasNoDiagnostics(string settings, string mapping, string inputs)
    {
        var diagnostics = inputs.Contains("\"maybe\"", StringComparison.Ordinal)
            ? Check(settings, "{}", inputs)
            : Check(settings, mapping, inputs);

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData(Weekly, """{ "topic": "Cooking" }""", """{ "topic": { "type": "string", "enum": ["LLMOps", "AI"] } }""", "AF509", "topic")]
    [InlineData(Weekly, """{ "manual": "{{ trigger.manual }}" }""", """{ "manual": { "type": "string" } }""", "AF509", "manual")]
    [InlineData(Weekly, """{ "limit": "{{ trigger.name }} items" }""", """{ "limit": { "type": "integer" } }""", "AF509", "limit")]
    [InlineData(Hook, """{ "label": "{{ body.count | plus: 1 }}" }""", """{ "label": { "type": "string" } }""", "AF509", "label")]
    [InlineData(Weekly, """{ "tags": { "a": 1 } }""", """{ "tags": { "type": "array" } }""", "AF509", "tags")]
    [InlineData(Weekly, """{ "id": "{{ run.id }}" }""", """{ "id": { "type": "string" } }""", "AF510", "id")]
    [InlineData(Hook, """{ "why": "{{ error.message }}" }""", """{ "why": { "type": "string" } }""", "AF510", "why")]
    [InlineData(Inbox, """{ "text": "{{ mesage.text }}" }""", """{ "text": { "type": "string" } }""", "AF510", "text")]
    [InlineData(Inbox, """{ "names": "{% for a in message.attachments %}{{ a.nmae }}{% endfor %}" }""", """{ "names": { "type": "string" } }""", "AF310", "names")]
    [InlineData(Inbox, """{ "who": "{{ message.from.mail }}" }""", """{ "who": { "type": "string" } }""", "AF310", "who")]
    public void Validate_BadMapping_ReportsCodeAtTheMappedInput(string settings, string mapping, string inputs, string code, string input)
    {
        var diagnostics = Check(settings, mapping, inputs);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((code, $"$.triggers.t.inputs.{input}"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.NotEmpty(diagnostic.Hint);
    }

    [Fact]
    public void Validate_MessageFieldTypo_SuggestsTheField()
    {
        var diagnostics = Check(Inbox, """{ "s": "{{ message.subjet }}" }""", """{ "s": { "type": "string" } }""");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AF310", diagnostic.Code);
        Assert.StartsWith("Did you mean 'subject'?", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadingInputs_SaysTheMappingRunsBeforeTheRun()
    {
        var diagnostics = Check(Inbox, """{ "s": "{{ inputs.s }}" }""", """{ "s": { "type": "string", "default": "" } }""");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AF510", diagnostic.Code);
        Assert.Contains("runs before the run exists; it can read trigger and message", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndeclaredInput_SuggestsAndListsTheDeclaredOnes()
    {
        var diagnostics = Check(Weekly, """{ "topci": "x" }""", """{ "topic": { "type": "string", "default": "" }, "limit": { "type": "integer", "default": 3 } }""");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF507", "$.triggers.t.inputs.topci"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Equal("Did you mean 'topic'? Declared inputs: topic, limit.", diagnostic.Hint);
    }

    [Fact]
    public void Validate_InputsOfAWorkflowWithoutInputs_SaysNoneAreDeclared()
    {
        var diagnostics = Check(Weekly, """{ "topic": "x" }""", "{}");

        Assert.Contains("declares no inputs", Assert.Single(diagnostics).Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RequiredInputNotMapped_IsReportedAtTheTriggerWhenItMapsNothing()
    {
        var json = TriggerWorkflows.With($$"""{ "t": { {{Weekly}} } }""", """{ "topic": { "type": "string" }, "optional": { "type": "string", "required": false }, "limit": { "type": "integer", "default": 3 } }""");

        var diagnostic = Assert.Single(Validate.Json(json));

        Assert.Equal(("AF508", "$.triggers.t"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Contains("'topic'", diagnostic.Message, StringComparison.Ordinal);
    }
}
