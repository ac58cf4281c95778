using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace AgentFlow.Cli.Evaluation;

/// <summary>JUnit XML of an eval: a <c>testsuite</c> per variant, a <c>testcase</c> per case, a <c>failure</c> with the failed assertions' messages.</summary>
internal static class JUnitReport
{
    public static async Task WriteAsync(string file, EvalSuite suite, IReadOnlyList<CaseResult> results, CancellationToken cancellationToken)
    {
        var workflow = suite.Workflow.Name;
        var suites = results.GroupBy(r => r.Variant).Select(g => new XElement(
            "testsuite",
            new XAttribute("name", $"{workflow}.{g.Key}"),
            new XAttribute("tests", g.Count()),
            new XAttribute("failures", g.Count(r => !r.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("time", Seconds(g.Sum(r => r.Outcome.Latency.TotalSeconds))),
            g.Select(r => new XElement(
                "testcase",
                new XAttribute("name", r.Case.Id),
                new XAttribute("classname", $"{workflow}.{r.Variant}"),
                new XAttribute("time", Seconds(r.Outcome.Latency.TotalSeconds)),
                r.Passed ? null : new XElement(
                    "failure",
                    new XAttribute("message", r.Failures.First()),
                    new XAttribute("type", "assertion"),
                    string.Join('\n', r.Failures.Append($"status: {r.Outcome.Status}{(r.Outcome.Error is { } e ? ": " + e : string.Empty)}")))))));
        var document = new XDocument(new XElement(
            "testsuites",
            new XAttribute("name", $"agentflow eval {workflow}"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => !r.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("time", Seconds(results.Sum(r => r.Outcome.Latency.TotalSeconds))),
            suites));
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var stream = File.Create(full);
        await using (stream.ConfigureAwait(false))
        {
            var writer = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Indent = true });
            await using (writer.ConfigureAwait(false))
            {
                await document.SaveAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
