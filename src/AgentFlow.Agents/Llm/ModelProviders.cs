using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The providers a <c>models</c> entry can name and what each needs. Shared by the pre-run check and the factory, so
/// a model that passes the check is one the factory can build.
/// </summary>
internal static class ModelProviders
{
    public const string Local = "local";
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";

    /// <summary>The provider as OpenTelemetry's GenAI conventions name it (<c>gen_ai.provider.name</c>).</summary>
    public static string TelemetryName(string provider) => provider switch
    {
        OpenAI => "openai",
        AzureOpenAI => "azure.ai.openai",
        Local => "agentflow.local",
        _ => provider,
    };

    /// <summary>Where requests go when an <c>openai</c> model names no <c>baseUrl</c>.</summary>
    public static readonly Uri OpenAIDefaultEndpoint = new("https://api.openai.com/v1");

    /// <summary>The endpoint requests go to; <see langword="null"/> for <c>local</c> or when the base URL is unusable.</summary>
    public static Uri? Endpoint(ModelDefinition model) => model.Provider switch
    {
        OpenAI when string.IsNullOrWhiteSpace(model.BaseUrl) => OpenAIDefaultEndpoint,
        OpenAI or AzureOpenAI => TryHttpUrl(model.BaseUrl),
        _ => null,
    };

    /// <summary>
    /// Every configuration problem of <paramref name="model"/>, one message each, starting with the setting's path
    /// (<c>models.NAME.FIELD: ...</c>). Never includes the key itself.
    /// </summary>
    public static IEnumerable<string> Problems(ModelDefinition model, Func<string, string?> environment)
    {
        var at = $"models.{model.Name}";
        if (model.Provider is not (Local or OpenAI or AzureOpenAI))
        {
            yield return $"{at}.provider: unknown provider '{model.Provider}' (use {Local}, {OpenAI} or {AzureOpenAI})";
            yield break;
        }

        if (model.Provider == Local)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(model.ModelId))
        {
            yield return model.Provider == OpenAI
                ? $"{at}.model: required for provider '{OpenAI}' (the model name, e.g. \"gpt-4o-mini\")"
                : $"{at}.model: required for provider '{AzureOpenAI}' (the deployment name)";
        }

        if (string.IsNullOrWhiteSpace(model.BaseUrl))
        {
            if (model.Provider == AzureOpenAI)
            {
                yield return $"{at}.baseUrl: required for provider '{AzureOpenAI}' (the resource endpoint, e.g. \"https://NAME.openai.azure.com\")";
            }
        }
        else if (TryHttpUrl(model.BaseUrl) is null)
        {
            yield return $"{at}.baseUrl: '{model.BaseUrl}' is not an absolute http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(model.ApiKeyEnv))
        {
            // A self-hosted OpenAI-compatible server (Ollama, vLLM, llama.cpp) usually needs no key; the real services do.
            if (model.Provider == AzureOpenAI || string.IsNullOrWhiteSpace(model.BaseUrl))
            {
                yield return $"{at}.apiKeyEnv: required for {(model.Provider == AzureOpenAI ? "Azure OpenAI" : "the OpenAI API (no baseUrl)")}; name the environment variable that holds the key";
            }
        }
        else if (string.IsNullOrEmpty(environment(model.ApiKeyEnv)))
        {
            yield return $"{at}.apiKeyEnv: environment variable {model.ApiKeyEnv} is not set";
        }
    }

    /// <summary>The API key from the variable named by <c>apiKeyEnv</c>, or <see langword="null"/> when none is named.</summary>
    public static string? ApiKey(ModelDefinition model, Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(model.ApiKeyEnv) ? null : environment(model.ApiKeyEnv);

    private static Uri? TryHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : null;
}
