namespace AgentFlow.Core.Model;

/// <summary>A named chat model. Secrets never live here: only the name of the environment variable holding the key.</summary>
/// <param name="Name">Name used by agents.</param>
/// <param name="Provider"><c>local</c>, <c>openai</c> or <c>azure-openai</c>.</param>
/// <param name="ModelId">Model or deployment name at the provider.</param>
/// <param name="BaseUrl">OpenAI-compatible base URL or Azure endpoint.</param>
/// <param name="ApiKeyEnv">Environment variable holding the API key.</param>
/// <param name="JsonPath">Where it is declared.</param>
/// <param name="MaxTokensField">
/// The request field that carries a node's <c>maxTokens</c>: <c>max_tokens</c> or <c>max_completion_tokens</c>; null
/// (the default) leaves the SDK's choice (<c>max_completion_tokens</c> for openai, <c>max_tokens</c> for azure-openai).
/// </param>
public sealed record ModelDefinition(
    string Name,
    string Provider,
    string? ModelId,
    string? BaseUrl,
    string? ApiKeyEnv,
    string JsonPath,
    string? MaxTokensField = null);
