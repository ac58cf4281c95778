using System.ClientModel;
using System.Numerics.Tensors;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AgentFlow.Memory;

/// <summary>
/// Embeddings from an OpenAI-compatible or Azure OpenAI endpoint through Microsoft.Extensions.AI's
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; vectors are L2-normalised like the local embedder's.
/// </summary>
public sealed class RemoteEmbedder : IEmbedder, IDisposable
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

    private RemoteEmbedder(string name, int dimensions, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        Name = name;
        Dimensions = dimensions;
        _generator = generator;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <summary>Builds the embedder; every missing or bad setting is an <see cref="ConfigurationException"/> naming it.</summary>
    public static RemoteEmbedder Create(EmbedderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = options.Model is { Length: > 0 } m ? m : throw new ConfigurationException("memory.model", "is required for the embedder provider '" + options.Provider + "' (e.g. text-embedding-3-small)");
        var dimensions = options.Dimensions ?? KnownDimensions(model)
            ?? throw new ConfigurationException("memory.dimensions", $"is required: the size of '{model}' vectors is not known");
        var keyName = options.ApiKeyEnv is { Length: > 0 } k ? k : throw new ConfigurationException("memory.apiKeyEnv", "names the environment variable that holds the API key; it is required");
        var key = Environment.GetEnvironmentVariable(keyName) is { Length: > 0 } value
            ? value
            : throw new ConfigurationException("memory.apiKeyEnv", $"environment variable {keyName} is not set");
        Uri? endpoint = null;
        if (options.BaseUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ConfigurationException("memory.baseUrl", $"'{url}' is not an absolute http(s) URL");
        }

        // `dimensions` goes into requests only when configured: models that cannot shorten their vectors (ada-002,
        // many OpenAI-compatible servers) reject it, and a known model's default size needs no asking.
        var generator = options.Provider switch
        {
            "openai" => new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint ?? new Uri("https://api.openai.com/v1") })
                .GetEmbeddingClient(model).AsIEmbeddingGenerator(options.Dimensions),
            "azure-openai" => new AzureOpenAIClient(endpoint ?? throw new ConfigurationException("memory.baseUrl", "is required for azure-openai (the resource URL)"), new ApiKeyCredential(key))
                .GetEmbeddingClient(model).AsIEmbeddingGenerator(options.Dimensions),
            _ => throw new ConfigurationException("memory.embedder", $"unknown embedder provider '{options.Provider}' (use local, openai or azure-openai)"),
        };
        return new RemoteEmbedder($"{options.Provider}:{model}", dimensions, generator);
    }

    /// <inheritdoc />
    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await _generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            throw new NodeExecutionException($"embedder {Name}: the endpoint answered {ex.Status}: {ex.Message.Split('\n')[0]}");
        }
        catch (HttpRequestException ex)
        {
            throw new NodeExecutionException($"embedder {Name}: cannot reach the endpoint: {ex.Message}");
        }

        var vector = result.FirstOrDefault()?.Vector.ToArray()
            ?? throw new NodeExecutionException($"embedder {Name}: the endpoint returned no embedding");
        if (vector.Length != Dimensions)
        {
            throw new NodeExecutionException($"embedder {Name}: expected {Dimensions} dimensions, the endpoint returned {vector.Length}; set memory.dimensions to match the model");
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();

    private static int? KnownDimensions(string model) => model switch
    {
        "text-embedding-3-small" or "text-embedding-ada-002" => 1536,
        "text-embedding-3-large" => 3072,
        _ => null,
    };
}
