using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>One request the fake model server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as JSON.</summary>
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The <c>messages</c> of a chat completion request.</summary>
    public JsonArray Messages => Json["messages"]!.AsArray();

    /// <summary>A header value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
