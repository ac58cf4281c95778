using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>Bodies of OpenAI chat completion answers for the fake server.</summary>
public static class ChatResponses
{
    /// <summary>An assistant answer with <paramref name="content"/>.</summary>
    public static string Text(string content, int promptTokens = 12, int completionTokens = 7, string finishReason = "stop") =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, finishReason, promptTokens, completionTokens);

    /// <summary>An assistant answer that calls tools: (id, function name, arguments JSON).</summary>
    public static string ToolCalls(params (string Id, string Function, string Arguments)[] calls) =>
        Completion(
            new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Function, ["arguments"] = c.Arguments },
                })]),
            },
            "tool_calls",
            20,
            9);

    private static string Completion(JsonObject message, string finishReason, int promptTokens, int completionTokens) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_750_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
    }.ToJsonString();
}
