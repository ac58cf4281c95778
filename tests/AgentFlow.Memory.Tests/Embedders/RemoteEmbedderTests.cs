using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;


namespace AgentFlow.Memory.Tests.Embedders;

/// <summary>OpenAI-compatible embeddings through Microsoft.Extensions.AI against a fake server on 127.0.0.1.</summary>
public sealed class RemoteEmbedderTests
{
    private const string KeyVariable = "AGENTFLOW_TEST_EMBEDDING_KEY";

    [Fact]
    public async Task Embeds_through_the_endpoint_and_normalises_the_vector()
    {
        using var server = new FakeEmbeddingServer(dimensions: 16);
        Environment.SetEnvironmentVariable(KeyVariable, "sk-embed-test");
        using var embedder = RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "tiny-embed", BaseUrl = server.BaseUrl, ApiKeyEnv = KeyVariable, Dimensions = 16 });

        var vector = await embedder.EmbedAsync("refund for a broken keyboard");

        Assert.Equal(("openai:tiny-embed", 16), (embedder.Name, embedder.Dimensions));
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
        var (path, body, authorization) = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", path);
        Assert.Equal("tiny-embed", body["model"]!.GetValue<string>());
        Assert.Equal("refund for a broken keyboard", body["input"]!.AsArray().Single()!.GetValue<string>());
        Assert.Equal(16, body["dimensions"]!.GetValue<int>());
        Assert.Equal("Bearer sk-embed-test", authorization);
    }

    [Fact]
    public async Task Embeds_a_known_model_without_sending_dimensions_when_none_is_configured()
    {
        using var server = new FakeEmbeddingServer(dimensions: 1536);
        Environment.SetEnvironmentVariable(KeyVariable, "sk-embed-test");
        using var embedder = RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "text-embedding-ada-002", BaseUrl = server.BaseUrl, ApiKeyEnv = KeyVariable });

        var vector = await embedder.EmbedAsync("refund for a broken keyboard");

        Assert.Equal(1536, vector.Length);
        var (_, body, _) = Assert.Single(server.Requests);
        Assert.Equal("text-embedding-ada-002", body["model"]!.GetValue<string>());
        Assert.False(body.AsObject().ContainsKey("dimensions"), body.ToJsonString());
    }

    [Fact]
    public async Task Memory_store_works_with_the_remote_embedder_and_refuses_a_different_one_later()
    {
        using var server = new FakeEmbeddingServer(dimensions: 16);
        Environment.SetEnvironmentVariable(KeyVariable, "sk-embed-test");
        var directory = Directory.CreateTempSubdirectory("agentflow-embed-").FullName;
        try
        {
            var options = new EmbedderOptions { Provider = "openai", Model = "tiny-embed", BaseUrl = server.BaseUrl, ApiKeyEnv = KeyVariable, Dimensions = 16 };
            var (store, embedder) = MemoryServices.CreateDefault(directory, options);
            using (store as IDisposable)
            {
                var vector = await embedder.EmbedAsync("hello");
                await store.AddAsync(new MemoryRecord { Id = "m1", Agent = "editor", Text = "hello", Embedding = vector, CreatedAt = DateTime.UtcNow });
                Assert.Equal("m1", Assert.Single(await store.SearchAsync("editor", vector, 5, 0, 0, DateTime.UtcNow)).Record.Id);
            }

            var ex = Assert.Throws<ConfigurationException>(() => MemoryServices.CreateDefault(directory));
            Assert.Contains("openai:tiny-embed", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Endpoint_errors_and_missing_settings_are_clear()
    {
        using var server = new FakeEmbeddingServer(dimensions: 16, status: 429);
        Environment.SetEnvironmentVariable(KeyVariable, "sk-embed-test");
        using var embedder = RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "tiny-embed", BaseUrl = server.BaseUrl, ApiKeyEnv = KeyVariable, Dimensions = 16 });

        var failure = await Assert.ThrowsAsync<NodeExecutionException>(async () => await embedder.EmbedAsync("x"));
        Assert.Contains("embedder openai:tiny-embed: the endpoint answered 429", failure.Message, StringComparison.Ordinal);

        var missingKey = Assert.Throws<ConfigurationException>(() =>
            RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "m", ApiKeyEnv = "AGENTFLOW_TEST_UNSET_EMBED_KEY", Dimensions = 8 }));
        Assert.Contains("memory.apiKeyEnv", missingKey.Message, StringComparison.Ordinal);
        var unknownSize = Assert.Throws<ConfigurationException>(() =>
            RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "custom", ApiKeyEnv = KeyVariable }));
        Assert.Contains("memory.dimensions", unknownSize.Message, StringComparison.Ordinal);
    }
}
