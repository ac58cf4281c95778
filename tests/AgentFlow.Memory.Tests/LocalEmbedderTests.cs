using System.Numerics.Tensors;

namespace AgentFlow.Memory.Tests;

public sealed class LocalEmbedderTests
{
    // Pinned values: a change here changes every stored embedding and needs a new embedder name.
    private const string EmbeddingFingerprint = "0.453 0.151 0.151 -0.151 -0.151 -0.151 -0.604 -0.423 0.151 0.151 0.000 0.000 0.000 0.000 0.000 -0.302";

    [Fact]
    public async Task EmbedAsync_SameTextInTwoInstances_ReturnsIdenticalVectors()
    {
        var first = await new LocalEmbedder().EmbedAsync("Refund for a broken keyboard");
        var second = await new LocalEmbedder().EmbedAsync("Refund for a broken keyboard");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task EmbedAsync_KnownText_HasStableValuesAcrossProcesses()
    {
        var vector = await new LocalEmbedder(16).EmbedAsync("keyboard refund");

        Assert.Equal("local-hash-v1", new LocalEmbedder().Name);
        Assert.Equal(EmbeddingFingerprint, string.Join(' ', vector.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("weather in Paris")]
    [InlineData("A customer asked for a refund because the keyboard arrived broken; approved 49.90 EUR.")]
    public async Task EmbedAsync_Text_IsUnitLength(string text)
    {
        var vector = await new LocalEmbedder().EmbedAsync(text);

        Assert.Equal(1.0, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public async Task EmbedAsync_RelatedTexts_ScoreHigherThanUnrelated()
    {
        var embedder = new LocalEmbedder();
        var refund = await embedder.EmbedAsync("refund for a broken keyboard");
        var related = await embedder.EmbedAsync("keyboard refund request");
        var unrelated = await embedder.EmbedAsync("weather in Paris");

        var relatedScore = TensorPrimitives.Dot(refund, related);
        var unrelatedScore = TensorPrimitives.Dot(refund, unrelated);

        Assert.True(relatedScore > 0.3, $"related {relatedScore}");
        Assert.True(Math.Abs(unrelatedScore) < 0.1, $"unrelated {unrelatedScore}");
    }

    [Fact]
    public async Task EmbedAsync_ConfiguredDimensions_ReturnsThatLength()
    {
        var embedder = new LocalEmbedder(64);

        Assert.Equal(64, embedder.Dimensions);
        Assert.Equal(64, (await embedder.EmbedAsync("hello world")).Length);
    }
}
