using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Engine.Tools.BuiltIn;

namespace AgentFlow.Engine.Tools;

/// <summary>The code tools every host registers: they need no network and no configuration.</summary>
public static class BuiltInTools
{
    /// <summary>New instances of <c>json.transform</c> and <c>text.template</c>.</summary>
    public static IReadOnlyList<ICodeTool> Create() => [new JsonTransformTool(), new TextTemplateTool()];

    /// <summary>
    /// The declared output shapes of the built-in code tools, by name: what the validator checks reads of a
    /// <c>tool</c> node against when its tool is one of them (every host registers them, so they are always true).
    /// </summary>
    public static IReadOnlyDictionary<string, ValueShape> OutputShapes { get; } =
        Create().Where(t => t.Output is not null).ToDictionary(t => t.Name, t => ValueShape.FromSchema(t.Output!.Value), StringComparer.Ordinal);
}
