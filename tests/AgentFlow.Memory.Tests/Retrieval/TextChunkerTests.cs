using AgentFlow.Memory.Retrieval;
using Microsoft.ML.Tokenizers;

namespace AgentFlow.Memory.Tests.Retrieval;

public sealed class TextChunkerTests
{
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    [Fact]
    public void Chunk_LongDocument_EveryChunkWithinTheTokenBudget()
    {
        var document = Document(Sentences(120));

        var chunks = new TextChunker(maxTokens: 60, overlapTokens: 12).Chunk(document);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 60));

        // Counted out of context, a slice may tokenize one token differently at its edges.
        Assert.All(chunks, c => Assert.InRange(Cl100k.CountTokens(c.Text), 1, 61));
    }

    [Fact]
    public void Chunk_Offsets_PointAtTheChunkText()
    {
        var document = Document(Sentences(80));

        var chunks = new TextChunker(maxTokens: 50, overlapTokens: 10).Chunk(document);

        Assert.All(chunks, c => Assert.Equal(c.Text, document.Text.Substring(c.Offset, c.Text.Length)));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        Assert.All(chunks, c => Assert.Equal(("doc-1", "Title", "src"), (c.DocumentId, c.Title, c.Source)));
    }

    [Fact]
    public void Chunk_ConsecutiveChunks_OverlapByAtMostTheOverlapBudget()
    {
        var document = Document(Sentences(80));

        var chunks = new TextChunker(maxTokens: 50, overlapTokens: 10).Chunk(document);

        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            var overlapEnd = previous.Offset + previous.Text.Length;
            Assert.True(next.Offset < overlapEnd, $"chunk {next.Ordinal} does not overlap chunk {previous.Ordinal}");
            Assert.True(next.Offset > previous.Offset);
            Assert.InRange(Cl100k.CountTokens(document.Text[next.Offset..overlapEnd]), 1, 11);
        }

        Assert.Equal(document.Text.TrimEnd().Length, chunks[^1].Offset + chunks[^1].Text.Length);
    }

    [Fact]
    public void Chunk_SentencesAvailable_ChunksEndAtSentenceEnds()
    {
        var document = Document(Sentences(80));

        var chunks = new TextChunker(maxTokens: 50, overlapTokens: 0).Chunk(document);

        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.True(char.IsUpper(c.Text[0]), c.Text));
    }

    [Fact]
    public void Chunk_ParagraphBreakInReach_PreferredOverALaterSentenceEnd()
    {
        var text = string.Join(' ', Enumerable.Repeat("Alpha beta gamma delta.", 8)) + "\n\n" + string.Join(' ', Enumerable.Repeat("Epsilon zeta eta theta.", 10));

        var first = new TextChunker(maxTokens: 60, overlapTokens: 0).Chunk(Document(text))[0];

        Assert.EndsWith("gamma delta.", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Epsilon", first.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_ShortOrBlankDocument_OneOrNoChunk()
    {
        var chunker = new TextChunker();

        var one = Assert.Single(chunker.Chunk(Document("  Just one line.  \n")));

        Assert.Equal(("Just one line.", 2), (one.Text, one.Offset));
        Assert.Empty(chunker.Chunk(Document(" \n\t ")));
    }

    [Fact]
    public void Chunk_NoWhiteSpaceAtAll_CutsAtTokenBoundaries()
    {
        var text = string.Concat(Enumerable.Repeat("abcdefghij", 200));

        var chunks = new TextChunker(maxTokens: 40, overlapTokens: 0).Chunk(Document(text));

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 40));
    }

    [Fact]
    public void Chunk_ChineseWithoutSpaces_CutsAfterSentenceMarks()
    {
        var text = string.Concat(Enumerable.Repeat("检索增强生成需要好的切分。", 30));

        var chunks = new TextChunker(maxTokens: 60, overlapTokens: 0).Chunk(Document(text));

        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.EndsWith("。", c.Text, StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
    }

    [Theory]
    [InlineData(1, 16, 8)]
    [InlineData(2, 16, 0)]
    [InlineData(3, 40, 20)]
    [InlineData(4, 200, 40)]
    public void Chunk_RandomText_SlicesCoverTheTextInOrderWithinBudget(int seed, int maxTokens, int overlapTokens)
    {
        var random = new Random(seed);
        string[] pieces = ["word", "Sentence.", "end!", " ", " ", "\n", "\n\n", "- item", "😀", "中文。", "x", "  ", "# Head"];
        var text = string.Concat(Enumerable.Range(0, 3000).Select(_ => pieces[random.Next(pieces.Length)]));

        var chunks = new TextChunker(maxTokens, overlapTokens).Chunk(Document(text));

        Assert.All(chunks, c => Assert.Equal(c.Text, text.Substring(c.Offset, c.Text.Length)));
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, maxTokens));
        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            var previousEnd = previous.Offset + previous.Text.Length;
            Assert.True(next.Offset > previous.Offset);
            Assert.True(next.Offset <= previousEnd || string.IsNullOrWhiteSpace(text[previousEnd..next.Offset]), "text between two chunks was skipped");
        }

        Assert.Equal(text.TrimEnd().Length, chunks[^1].Offset + chunks[^1].Text.Length);
    }

    private static SourceDocument Document(string text) => new("doc-1", "Title", "src", text);

    private static string Sentences(int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => $"Sentence number {i} talks about topic {i % 7} and keeps going for a while."))
            .Replace("topic 3 and", "topic 3.\n\nAnd", StringComparison.Ordinal);
}
