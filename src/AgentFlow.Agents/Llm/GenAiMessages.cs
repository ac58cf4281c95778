using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Prompt and answer in the OpenTelemetry GenAI conventions' message format (<c>gen_ai.input.messages</c>,
/// <c>gen_ai.output.messages</c>): <c>[{ role, parts: [{ type: text | tool_call | tool_call_response, ... }] }]</c>.
/// Only put on a span when content capture is on.
/// </summary>
internal static class GenAiMessages
{
    /// <summary>The messages sent, as JSON text.</summary>
    public static string Input(ChatHistory history) =>
        new JsonArray([.. history.Select(m => (JsonNode)Message(m))]).ToJsonString();

    /// <summary>The answer, as JSON text.</summary>
    public static string Output(ChatMessageContent answer, string? finishReason)
    {
        var message = Message(answer);
        message["finish_reason"] = finishReason;
        return new JsonArray(message).ToJsonString();
    }

    private static JsonObject Message(ChatMessageContent message)
    {
        var parts = new JsonArray();
        if (!string.IsNullOrEmpty(message.Content))
        {
            parts.Add(new JsonObject { ["type"] = "text", ["content"] = message.Content });
        }

        foreach (var item in message.Items)
        {
            switch (item)
            {
                case FunctionCallContent call:
                    parts.Add(new JsonObject
                    {
                        ["type"] = "tool_call",
                        ["id"] = call.Id,
                        ["name"] = call.FunctionName,
                        ["arguments"] = ChatTranscript.Arguments(message, call),
                    });
                    break;
                case FunctionResultContent result:
                    parts.Add(new JsonObject { ["type"] = "tool_call_response", ["id"] = result.CallId, ["response"] = result.Result?.ToString() });
                    break;
            }
        }

        return new JsonObject { ["role"] = message.Role.Label.ToLowerInvariant(), ["parts"] = parts };
    }
}
