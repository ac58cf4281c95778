using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Agents.Local;
using AgentFlow.Core.Model;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Builds the Semantic Kernel chat service of a <c>models</c> entry and keeps it for reuse: <c>openai</c> (any
/// OpenAI-compatible base URL), <c>azure-openai</c> (endpoint = <c>baseUrl</c>, deployment = <c>model</c>) and
/// <c>local</c> (<see cref="LocalChatCompletionService"/>). Remote models share one <see cref="HttpClient"/> whose
/// handler applies <see cref="LlmOptions.RequestTimeout"/> and the retry policy.
/// </summary>
public sealed class ChatModelFactory : IDisposable
{
    private readonly LlmOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HttpClient _http;
    private readonly LocalChatCompletionService _local;
    private readonly ConcurrentDictionary<CacheKey, ChatModel> _models = new();
    private bool _disposed;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">Timeouts, retries and how environment variables are read; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging for retries and the Semantic Kernel connectors; none when <see langword="null"/>.</param>
    /// <param name="localModel">The model behind <c>local</c>; a new <see cref="LocalLanguageModel"/> when <see langword="null"/>.</param>
    public ChatModelFactory(LlmOptions? options = null, ILoggerFactory? loggerFactory = null, LocalLanguageModel? localModel = null)
    {
        _options = options ?? new LlmOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _local = new LocalChatCompletionService(localModel ?? new LocalLanguageModel());
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(new RetryingHttpHandler(_options, _loggerFactory.CreateLogger<ChatModelFactory>(), transport))
        {
            // The handler limits each attempt; an overall limit here would cut retries short.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The chat model for <paramref name="model"/>, built on first use.</summary>
    /// <exception cref="ConfigurationException">The entry cannot be used (see <see cref="LlmNodeExecutor.CheckAsync"/>); the message names the setting.</exception>
    public ChatModel Get(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ModelProviders.Problems(model, _options.GetEnvironmentVariable).FirstOrDefault() is { } problem)
        {
            throw new ConfigurationException(problem);
        }

        var apiKey = ModelProviders.ApiKey(model, _options.GetEnvironmentVariable);
        var key = new CacheKey(model.Name, model.Provider, model.ModelId, model.BaseUrl, model.ApiKeyEnv, apiKey, model.MaxTokensField);
        return _models.GetOrAdd(key, _ => Create(model, apiKey));
    }

    /// <summary>Releases the shared <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _http.Dispose();
    }

    private ChatModel Create(ModelDefinition model, string? apiKey)
    {
        var endpoint = ModelProviders.Endpoint(model);
        IChatCompletionService service = model.Provider switch
        {
            ModelProviders.Local => _local,
            ModelProviders.OpenAI => new OpenAIChatCompletionService(model.ModelId!, OpenAIClientFor(endpoint!, apiKey, model.MaxTokensField), _loggerFactory),
            ModelProviders.AzureOpenAI => new AzureOpenAIChatCompletionService(model.ModelId!, AzureClientFor(endpoint!, apiKey!, model.MaxTokensField), model.ModelId, _loggerFactory),
            _ => throw new ConfigurationException($"models.{model.Name}.provider: unknown provider '{model.Provider}'"),
        };
        return new ChatModel(model, service, endpoint);
    }

    // The SDK clients are built here rather than by Semantic Kernel so that they use the shared HttpClient with its
    // policy, and with the SDK's own retries and network timeout off (the handler does both).
    private OpenAIClient OpenAIClientFor(Uri endpoint, string? apiKey, string? maxTokensField)
    {
        var options = Configure(new OpenAIClientOptions { Endpoint = endpoint }, maxTokensField);
        if (apiKey is null)
        {
            options.AddPolicy(new KeylessPolicy(), PipelinePosition.BeforeTransport);
        }

        return new OpenAIClient(new ApiKeyCredential(apiKey ?? KeylessPolicy.Placeholder), options);
    }

    private AzureOpenAIClient AzureClientFor(Uri endpoint, string apiKey, string? maxTokensField) =>
        new(endpoint, new ApiKeyCredential(apiKey), Configure(new AzureOpenAIClientOptions(), maxTokensField));

    private T Configure<T>(T options, string? maxTokensField)
        where T : ClientPipelineOptions
    {
        options.Transport = new HttpClientPipelineTransport(_http);
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.NetworkTimeout = Timeout.InfiniteTimeSpan;
        if (maxTokensField is not null)
        {
            options.AddPolicy(new MaxTokensFieldPolicy(maxTokensField), PipelinePosition.PerCall);
        }

        return options;
    }

    // The key value is part of the identity so that a rotated key builds a new client; it never leaves this process.
    private readonly record struct CacheKey(string Name, string Provider, string? ModelId, string? BaseUrl, string? ApiKeyEnv, string? ApiKey, string? MaxTokensField);
}
