using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The <c>exchange</c> part of an <c>llm</c> node's output: every message sent, the raw final answer and why it
/// ended. The output is stored in the durable history, so a replay (or an auditor) sees exactly what the model saw
/// and said without calling it again.
/// </summary>
internal static class ChatTranscript
{
    /// <summary>Builds <c>{ messages, response, finishReason, requests }</c>.</summary>
    public static JsonObject Exchange(ChatHistory sent, string? response, string? finishReason, int requests) => new()
    {
        ["messages"] = new JsonArray([.. sent.Select(Message)]),
        ["response"] = response,
        ["finishReason"] = finishReason,
        ["requests"] = requests,
    };

    /// <summary>One message: <c>{ role, content }</c>, plus <c>toolCalls</c> or <c>toolResults</c> when it has them.</summary>
    public static JsonObject Message(ChatMessageContent message)
    {
        // The connector names answer roles after the SDK enum ("Assistant"); the exchange keeps the wire form.
        var json = new JsonObject { ["role"] = message.Role.Label.ToLowerInvariant(), ["content"] = message.Content };
        var calls = message.Items.OfType<FunctionCallContent>().ToList();
        if (calls.Count > 0)
        {
            json["toolCalls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["function"] = c.PluginName is null ? c.FunctionName : $"{c.PluginName}-{c.FunctionName}",
                ["arguments"] = Arguments(message, c),
            })]);
        }

        var results = message.Items.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            json["toolResults"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.CallId,
                ["function"] = r.FunctionName,
                ["result"] = r.Result?.ToString(),
            })]);
        }

        return json;
    }

    /// <summary>
    /// The arguments of <paramref name="call"/> as the model sent them. Semantic Kernel turns every argument value into
    /// a string for function binding (<c>25</c> becomes <c>"25"</c>, an object its JSON text), so the raw JSON of the
    /// OpenAI tool call is preferred; otherwise string values holding a JSON object or array are parsed back.
    /// </summary>
    public static JsonObject Arguments(ChatMessageContent message, FunctionCallContent call)
    {
        if (message is OpenAIChatMessageContent { ToolCalls: { } raw } && raw.FirstOrDefault(t => t.Id == call.Id) is { } toolCall)
        {
            try
            {
                if (JsonNode.Parse(toolCall.FunctionArguments.ToString()) is JsonObject parsed)
                {
                    return parsed;
                }
            }
            catch (JsonException)
            {
                // Fall through to the connector's reading.
            }
        }

        var json = new JsonObject();
        foreach (var (name, value) in call.Arguments ?? [])
        {
            json[name] = value is string text && LooksLikeJson(text) ? TryParse(text) ?? JsonValue.Create(text) : ToNode(value);
        }

        return json;
    }

    /// <summary>A value from <see cref="KernelArguments"/> as JSON.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string text => JsonValue.Create(text),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>The JSON object in <paramref name="text"/>, or <see langword="null"/> when it holds none.</summary>
    public static JsonObject? ParseObject(string text) => LooksLikeJson(text) ? TryParse(text) as JsonObject : null;

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2 && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'));
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
