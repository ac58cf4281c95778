using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Engine.Tests.Tools;

/// <summary>The output the built-in code tools declare (and the validator trusts, AF310) is what they return.</summary>
public sealed class BuiltInToolOutputTests
{
    public static TheoryData<string, string> Calls => new()
    {
        { "json.transform", """{ "input": [ { "id": 1, "amount": 5 }, { "id": 2, "amount": 9 } ], "sortBy": "amount", "take": 1, "pick": ["id"] }""" },
        { "json.transform", """{ "input": { "order": { "total": 3 } }, "select": "order.total" }""" },
        { "text.template", """{ "template": "Hello {{ name }}", "values": { "name": "Ana" } }""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task InvokeAsync_BuiltInTool_ResultFitsItsDeclaredOutput(string name, string args)
    {
        var tool = BuiltInTools.Create().Single(t => t.Name == name);
        var declared = BuiltInTools.OutputShapes[name];

        var result = await tool.InvokeAsync(Call(name, JsonNode.Parse(args)!.AsObject()), CancellationToken.None);

        Assert.Equal(ShapeKind.Record, declared.Kind);
        var output = Assert.IsType<JsonObject>(result);
        foreach (var (field, value) in output)
        {
            Assert.True(declared.Properties.TryGetValue(field, out var shape), $"{name} returned '{field}', which its output does not declare");
            Assert.True(Fits(value, shape), $"{name}: '{field}' is {value?.GetValueKind()}, declared {shape.Describe()}");
        }
    }

    [Fact]
    public void OutputShapes_ListEveryBuiltInTool()
    {
        Assert.Equal(BuiltInTools.Create().Select(t => t.Name).Order(), BuiltInTools.OutputShapes.Keys.Order());
    }

    private static bool Fits(JsonNode? value, ValueShape shape) => value is null || shape.Kind switch
    {
        ShapeKind.Untyped => true,
        ShapeKind.Text => value.GetValueKind() == System.Text.Json.JsonValueKind.String,
        ShapeKind.Number => value.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        ShapeKind.Boolean => value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        ShapeKind.Array => value is JsonArray list && list.All(i => Fits(i, shape.Item ?? ValueShape.Untyped)),
        ShapeKind.Record => value is JsonObject o && o.All(p => shape.IsOpen || (shape.Properties.TryGetValue(p.Key, out var s) && Fits(p.Value, s))),
        _ => false,
    };

    private static ToolCall Call(string name, JsonObject args)
    {
        var document = WorkflowLoader.Parse(
            $$"""
            { "name": "t", "tools": { "x": { "kind": "code", "risk": "low", "name": "{{name}}" } }, "start": "a",
              "nodes": { "a": { "kind": "tool", "tool": "x" } } }
            """,
            "t.json");
        var workflow = document.Definition!;
        return new ToolCall
        {
            Tool = workflow.Tools["x"],
            Args = args,
            Execution = new NodeExecutionContext
            {
                RunId = "r", NodeId = "a", Iteration = 1, Attempt = 1, Workflow = workflow, Node = workflow.Nodes["a"], Input = [],
            },
        };
    }
}
