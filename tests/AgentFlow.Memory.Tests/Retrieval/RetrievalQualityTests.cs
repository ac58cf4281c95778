using System.Globalization;
using System.Text.Json;
using AgentFlow.Core.Model;
using Xunit.Abstractions;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>The labelled set (labelled.json): every query must find its document (and chunk) in the top 3.</summary>
public sealed class RetrievalQualityTests(ITestOutputHelper output) : IDisposable
{
    private const int Top = 3;

    private readonly RetrievalFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SearchAsync_LabelledQueries_AllFindTheirDocumentInTopThree()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(RepoData.Labelled));
        var sources = json.RootElement.GetProperty("sources").EnumerateObject().ToDictionary(
            s => s.Name,
            s => new SourceDefinition(s.Name, s.Value.GetProperty("kind").GetString()!, s.Value.GetProperty("path").GetString(), null, $"$.sources.{s.Name}"));
        using var service = _folder.Open();
        var misses = new List<string>();
        int total = 0, first = 0;
        var reciprocalRanks = 0.0;

        foreach (var query in json.RootElement.GetProperty("queries").EnumerateArray())
        {
            var text = query.GetProperty("query").GetString()!;
            var expect = query.GetProperty("expect").GetString()!;
            var contains = query.TryGetProperty("contains", out var c) ? c.GetString() : null;
            var hits = await service.SearchAsync(sources[query.GetProperty("source").GetString()!], RepoData.Workflows, text, Top);
            var rank = hits.ToList().FindIndex(h => h.DocumentId == expect && (contains is null || h.Text.Contains(contains, StringComparison.Ordinal))) + 1;
            total++;
            first += rank == 1 ? 1 : 0;
            reciprocalRanks += rank > 0 ? 1.0 / rank : 0;
            output.WriteLine($"{(rank > 0 ? $"hit@{rank}" : "MISS ")}  {text}  ->  {string.Join(" | ", hits.Select(h => $"{h.DocumentId}#{h.Chunk} {h.Score:0.000}"))}");
            if (rank == 0)
            {
                misses.Add(text);
            }
        }

        var hitRate = (total - misses.Count) / (double)total;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hit@{Top} = {hitRate:P0} ({total - misses.Count}/{total}); hit@1 = {first}/{total}; MRR@{Top} = {reciprocalRanks / total:0.000}"));
        Assert.True(total >= 10, "the labelled set needs at least 10 queries");
        Assert.Empty(misses);
    }
}
