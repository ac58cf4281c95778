using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation;

public sealed class DiagnosticCatalogueTests
{
    [Fact]
    public void LanguageDocs_ListEveryCodeInTheirTable()
    {
        var doc = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "workflow-language.md"));

        var missing = DiagnosticCodes.All.Keys.Where(code => !doc.Any(l => l.StartsWith($"| {code} |", StringComparison.Ordinal))).ToList();

        Assert.True(missing.Count == 0, "codes missing from the table in docs/workflow-language.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Warnings_AreCataloguedCodesAndDocumentedAsWarnings()
    {
        var doc = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "workflow-language.md"));

        Assert.All(DiagnosticCodes.Warnings, code =>
        {
            Assert.True(DiagnosticCodes.All.ContainsKey(code), code);
            Assert.Contains(doc, l => l.StartsWith($"| {code} | **warning**", StringComparison.Ordinal));
        });
    }
}
