using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using Json.Schema;

namespace AgentFlow.Core.Tests.Schema;

/// <summary>
/// The JSON Schema (for editors) and the C# loader (for the engine) must accept exactly the same fields:
/// every field of every table is tried in both, with a good value, a wrongly typed value, and next to an unknown field.
/// </summary>
public sealed class SchemaAgreementTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(RepoPaths.Schema)));

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        foreach (var (owner, fields) in SchemaProbe.Tables())
        {
            foreach (var field in fields)
            {
                data.Add(owner, field.Name);
            }
        }

        return data;
    }

    /// <summary>The fields that have a wrongly typed value (every type but "any", which accepts every JSON value).</summary>
    public static TheoryData<string, string> TypedFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var (owner, fields) in SchemaProbe.Tables())
        {
            foreach (var field in fields.Where(f => SchemaProbe.WrongSample(f) is not null))
            {
                data.Add(owner, field.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> Owners() => [.. SchemaProbe.Tables().Select(t => t.Owner)];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Field_WithValidValue_IsAcceptedByBothSchemaAndLoader(string owner, string name)
    {
        var field = SchemaProbe.Tables().Single(t => t.Owner == owner).Fields.Single(f => f.Name == name);
        var value = SchemaProbe.Minimal(owner);
        if (owner == "node.wait" && name == "until")
        {
            value.Remove("for");
        }

        if (owner == "node.approval" && name == "onTimeout")
        {
            value["timeout"] = "PT1H";
        }

        if (owner == "trigger.schedule" && name == "every")
        {
            value.Remove("cron");
        }

        if (owner == "trigger.webhook" && name == "waitTimeout")
        {
            value["respond"] = "wait";
        }

        value[name] = SchemaProbe.Sample(owner, field);

        AssertAgree(SchemaProbe.Embed(owner, value), expectValid: true);
    }

    [Theory]
    [MemberData(nameof(TypedFields))]
    public void Field_WithWrongType_IsRejectedByBothSchemaAndLoader(string owner, string name)
    {
        var field = SchemaProbe.Tables().Single(t => t.Owner == owner).Fields.Single(f => f.Name == name);
        var wrong = SchemaProbe.WrongSample(field);
        Assert.NotNull(wrong);

        var value = SchemaProbe.Minimal(owner);
        value[name] = wrong;

        AssertAgree(SchemaProbe.Embed(owner, value), expectValid: false);
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public void Object_WithUnknownField_IsRejectedByBoth_AndMinimalIsAcceptedByBoth(string owner)
    {
        AssertAgree(SchemaProbe.Embed(owner, SchemaProbe.Minimal(owner)), expectValid: true);

        var value = SchemaProbe.Minimal(owner);
        value["bogusField"] = "x";
        AssertAgree(SchemaProbe.Embed(owner, value), expectValid: false);
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public void Object_MissingARequiredField_IsRejectedByBoth(string owner)
    {
        foreach (var field in SchemaProbe.Tables().Single(t => t.Owner == owner).Fields.Where(f => f.Required && f.Name != "kind"))
        {
            var value = SchemaProbe.Minimal(owner);
            value.Remove(field.Name);
            AssertAgree(SchemaProbe.Embed(owner, value), expectValid: false, $" (without '{field.Name}')");
        }
    }

    [Fact]
    public void Schema_DefinesExactlyTheTablesOfTheLoader()
    {
        var defs = JsonNode.Parse(File.ReadAllText(RepoPaths.Schema))!["$defs"]!.AsObject();

        foreach (var (owner, fields) in SchemaProbe.Tables())
        {
            var own = defs[owner]!["properties"]!.AsObject().Select(p => p.Key);
            var common = owner.StartsWith("node.", StringComparison.Ordinal) ? defs["nodeCommon"]!["properties"]!.AsObject().Select(p => p.Key)
                : owner.StartsWith("tool.", StringComparison.Ordinal) ? defs["toolCommon"]!["properties"]!.AsObject().Select(p => p.Key)
                : owner.StartsWith("trigger.", StringComparison.Ordinal) ? defs["triggerCommon"]!["properties"]!.AsObject().Select(p => p.Key)
                : owner.StartsWith("guardCheck.", StringComparison.Ordinal) ? defs["guardCheckCommon"]!["properties"]!.AsObject().Select(p => p.Key)
                : [];
            Assert.Equal(fields.Select(f => f.Name).Order(StringComparer.Ordinal), own.Union(common).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("""{ "tokens": 0 }""", "")]
    [InlineData("""{ "cost": -1 }""", "")]
    [InlineData("""{ "modelCalls": 0 }""", "")]
    [InlineData("""{ "steps": 3000000000 }""", "")]
    [InlineData("""{ "approvers": [] }""", "")]
    [InlineData("""{ "approvers": ["finance"] }""", "")]
    [InlineData("", """{ "steps": 10 }""")]
    [InlineData("", """{ "duration": "PT1H" }""")]
    [InlineData("", """{ "approvers": ["role:x"] }""")]
    [InlineData("", """{ "tokens": -5 }""")]
    public void Budget_BadLimitOrRunOnlyFieldInAnAgent_IsRejectedByBoth(string budget, string agentBudget)
    {
        var root = SchemaProbe.Embed("workflow", new JsonObject { ["name"] = "probe", ["start"] = "a", ["nodes"] = new JsonObject { ["a"] = new JsonObject { ["kind"] = "end" } } });
        if (budget.Length > 0)
        {
            root["budget"] = JsonNode.Parse(budget);
        }

        if (agentBudget.Length > 0)
        {
            root["agents"] = new JsonObject { ["x"] = new JsonObject { ["model"] = "m", ["budget"] = JsonNode.Parse(agentBudget) } };
        }

        AssertAgree(root, expectValid: false);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleWorkflow_ConformsToSchema(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Workflows, name)));

        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, $"{name} does not conform to schemas/workflow.v1.json");
    }

    public static TheoryData<string> Examples => [.. RepoPaths.ExampleWorkflows.Select(f => Path.GetFileName(f))];

    private static void AssertAgree(JsonObject document, bool expectValid, string note = "")
    {
        var json = document.ToJsonString();
        using var parsed = JsonDocument.Parse(json);
        var schemaValid = Schema.Value.Evaluate(parsed.RootElement).IsValid;
        var loaderDiagnostics = WorkflowLoader.Parse(json, "probe.json").Diagnostics;
        var loaderValid = loaderDiagnostics.Count == 0;

        Assert.True(
            schemaValid == expectValid && loaderValid == expectValid,
            $"expected {(expectValid ? "valid" : "invalid")}{note}; schema says {(schemaValid ? "valid" : "invalid")}, loader says {(loaderValid ? "valid" : string.Join("; ", loaderDiagnostics))} for {json}");
    }
}
