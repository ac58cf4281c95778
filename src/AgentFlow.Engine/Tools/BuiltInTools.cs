using AgentFlow.Abstractions.Tools;
using AgentFlow.Engine.Tools.BuiltIn;

namespace AgentFlow.Engine.Tools;

/// <summary>The code tools every host registers: they need no network and no configuration.</summary>
public static class BuiltInTools
{
    /// <summary>New instances of <c>json.transform</c> and <c>text.template</c>.</summary>
    public static IReadOnlyList<ICodeTool> Create() => [new JsonTransformTool(), new TextTemplateTool()];
}
