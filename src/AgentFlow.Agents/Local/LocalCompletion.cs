using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Local;

/// <summary>The answer of the <see cref="LocalLanguageModel"/>.</summary>
/// <param name="Text">The answer text; with an output schema, the compact JSON of <paramref name="Structured"/>.</param>
/// <param name="Structured">The JSON value built for the output schema, or <see langword="null"/> without one.</param>
/// <param name="PromptTokens">Approximate tokens of instructions, prompt and context passages.</param>
/// <param name="CompletionTokens">Approximate tokens of <paramref name="Text"/>.</param>
public sealed record LocalCompletion(string Text, JsonNode? Structured, int PromptTokens, int CompletionTokens);
