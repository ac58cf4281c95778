using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>Every file under invalid/ states on its first line the diagnostic it must produce.</summary>
public sealed partial class InvalidCorpusTests
{
    public static TheoryData<string> Cases => [.. Directory.GetFiles(RepoPaths.InvalidCorpus, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_InvalidWorkflow_ReportsExpectedCodePathAndLine(string name)
    {
        var path = Path.Combine(RepoPaths.InvalidCorpus, name);
        var expectation = Expectation().Match(File.ReadLines(path).First());
        Assert.True(expectation.Success, $"{name}: first line must be '// expect AFnnn at $.path line N'");
        var (code, jsonPath, line) = (expectation.Groups[1].Value, expectation.Groups[2].Value, int.Parse(expectation.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));

        var diagnostics = Validate.File(path);

        Assert.Contains(diagnostics, d => d.IsError);
        Assert.True(
            diagnostics.Any(d => d.Code == code && d.JsonPath == jsonPath && d.Location.Line == line),
            $"{name}: expected {code} at {jsonPath} line {line}; got:\n" + string.Join("\n", diagnostics));
    }

    [Fact]
    public void Corpus_CoversEveryCodeInTheCatalogue()
    {
        var covered = Directory.GetFiles(RepoPaths.InvalidCorpus, "*.json")
            .Select(f => Expectation().Match(File.ReadLines(f).First()).Groups[1].Value)
            .ToHashSet();

        var missing = DiagnosticCodes.All.Keys.Where(c => !covered.Contains(c)).ToList();

        Assert.True(missing.Count == 0, "codes without a corpus case: " + string.Join(", ", missing));
        Assert.True(Directory.GetFiles(RepoPaths.InvalidCorpus, "*.json").Length >= 40);
    }

    [GeneratedRegex(@"^// expect (AF\d{3}) at (\S+) line (\d+)\s*$")]
    private static partial Regex Expectation();
}
