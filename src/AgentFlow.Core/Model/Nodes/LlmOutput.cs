using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>
/// The output shape of an <c>llm</c> node, as the LLM executor builds it: <c>{ text }</c> without an <c>output</c>
/// schema; with one, the schema's object (or <c>{ value }</c> for a non-object root); <c>requests</c> when the node
/// offers tools (and then also <c>text</c>, since a tool request ends the node before a structured answer);
/// always <c>usage</c> and <c>exchange</c>; <c>guards</c> when the agent has guards.
/// </summary>
internal static class LlmOutput
{
    /// <summary>The <c>usage</c> object of nodes that call models: llm always; retrieve, recall and remember when they embedded text.</summary>
    internal static readonly ValueShape Usage = ValueShape.Record(
        ("promptTokens", ValueShape.Number), ("completionTokens", ValueShape.Number), ("calls", ValueShape.Number), ("cost", ValueShape.Number),
        ("currency", ValueShape.Text), ("model", ValueShape.Text), ("provider", ValueShape.Text), ("agent", ValueShape.Text));

    private static readonly ValueShape Exchange = ValueShape.Record(
        ("messages", ValueShape.Array(ValueShape.Untyped)), ("response", ValueShape.Text), ("finishReason", ValueShape.Text), ("requests", ValueShape.Number));

    private static readonly ValueShape Requests = ValueShape.Array(ValueShape.Record(("tool", ValueShape.Text), ("args", ValueShape.Untyped), ("id", ValueShape.Text)));

    public static ValueShape Shape(LlmNode node, bool guarded)
    {
        var offersTools = node.Tools.Count > 0;
        var text = ValueShape.Record(("text", ValueShape.Text));
        ValueShape answer;
        if (node.Output is not { } schema)
        {
            answer = text;
        }
        else
        {
            var structured = ValueShape.FromSchema(schema);
            answer = structured.Kind switch
            {
                // A schema that does not say what it gives may yield an object (its fields) or { value }.
                ShapeKind.Untyped => ValueShape.Untyped,
                ShapeKind.Record => structured,
                _ => ValueShape.Record(("value", structured)),
            };
            if (answer.Kind == ShapeKind.Untyped)
            {
                return ValueShape.Untyped;
            }

            if (offersTools)
            {
                answer = ValueShape.Common([answer, text]);
            }
        }

        var properties = new Dictionary<string, ValueShape>(answer.Properties, StringComparer.Ordinal)
        {
            ["usage"] = Usage,
            ["exchange"] = Exchange,
        };
        if (guarded)
        {
            // Present only when the agent's guards found something; a template may test it all the same.
            properties["guards"] = ValueShape.Record(("findings", ValueShape.Array(GuardNode.FindingShape)), ("approvedBy", ValueShape.Text));
        }
        if (offersTools)
        {
            properties["requests"] = Requests;
        }

        return ValueShape.Record(properties, answer.IsOpen);
    }
}
