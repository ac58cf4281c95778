using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>Every file under invalid/ states on its first line the diagnostic it must produce (an error, or for a warning's code a warning).</summary>
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

        // A warning's case is valid but for the warning; every other case must make the workflow invalid.
        var warning = DiagnosticCodes.Warnings.Contains(code);
        Assert.True(warning || diagnostics.Any(d => d.IsError), $"{name}: expected the workflow to be invalid");
        Assert.True(
            diagnostics.Any(d => d.Code == code && d.JsonPath == jsonPath && d.Location.Line == line && d.IsError != warning),
            $"{name}: expected {(warning ? "warning" : "error")} {code} at {jsonPath} line {line}; got:\n" + string.Join("\n", diagnostics));
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
