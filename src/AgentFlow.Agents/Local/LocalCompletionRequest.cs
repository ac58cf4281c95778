using System.Text.Json;

namespace AgentFlow.Agents.Local;

/// <summary>One call to the <see cref="LocalLanguageModel"/>: the agent's system message, the rendered prompt and limits.</summary>
public sealed record LocalCompletionRequest
{
    /// <summary>The agent's system message. Used for classification rules and as a fallback task description.</summary>
    public string? Instructions { get; init; }

    /// <summary>The rendered user message: instruction sentences plus the content they refer to.</summary>
    public required string Prompt { get; init; }

    /// <summary>
    /// Cap on generated tokens, counted like <see cref="LocalCompletion.CompletionTokens"/> (one token per 0.75 word,
    /// rounded up). Plain answers are cut at a sentence boundary, or a word boundary when one sentence is already too
    /// long. <see langword="null"/> or a value below 1 means no cap.
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>Optional JSON Schema the answer must match; the answer is then a JSON value built to validate against it.</summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>Extra context passages (for example recalled memories), weighted half as much as the prompt's content.</summary>
    public IReadOnlyList<string> Context { get; init; } = [];
}
