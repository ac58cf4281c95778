using System.ClientModel;
using System.Numerics.Tensors;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AgentFlow.Memory;

/// <summary>
/// Embeddings from an OpenAI-compatible or Azure OpenAI endpoint through Microsoft.Extensions.AI's
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; vectors are L2-normalised like the local embedder's. Every
/// call is a span <c>embeddings MODEL</c> with the input tokens the endpoint reports (estimated when it reports none)
/// and the cost from the host's <see cref="PriceTable"/>.
/// </summary>
public sealed class RemoteEmbedder : IEmbedder, IDisposable
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly EmbeddingMeter _meter;

    private RemoteEmbedder(string name, int dimensions, IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingMeter meter)
    {
        Name = name;
        Dimensions = dimensions;
        _generator = generator;
        _meter = meter;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <summary>Builds the embedder; every missing or bad setting is an <see cref="ConfigurationException"/> naming it.</summary>
    /// <param name="options">The <c>memory</c> settings.</param>
    /// <param name="prices">Model prices for the cost of calls; none when <see langword="null"/>.</param>
    public static RemoteEmbedder Create(EmbedderOptions options, PriceTable? prices = null)
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
        var name = $"{options.Provider}:{model}";
        return new RemoteEmbedder(name, dimensions, generator, new EmbeddingMeter(options.Provider, model, name, prices));
    }

    /// <inheritdoc />
    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        GeneratedEmbeddings<Embedding<float>> result;
        var (span, started) = _meter.Start();
        try
        {
            result = await _generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _meter.Failed(span, started, ex);
            throw ex switch
            {
                ClientResultException e => new NodeExecutionException($"embedder {Name}: the endpoint answered {e.Status}: {e.Message.Split('\n')[0]}"),
                HttpRequestException e => new NodeExecutionException($"embedder {Name}: cannot reach the endpoint: {e.Message}"),
                _ => ex,
            };
        }

        // Some OpenAI-compatible servers report no usage; the estimate keeps tokens and cost from reading zero.
        _meter.Completed(span, started, result.Usage?.InputTokenCount ?? TokenEstimate.Count(text));
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
