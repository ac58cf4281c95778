using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Tests.Tools;
using MimeKit;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The two flagship examples, run offline by the real <c>agentflow</c> process with the local model and the embedded
/// backend, delivering through a real SMTP conversation; the messages are parsed with MimeKit and read like a reader would.
/// </summary>
public sealed partial class FlagshipWorkflowTests : TempDirectoryTest, IAsyncLifetime
{
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task Newsletter_Approved_MailsEveryStoryWithFurtherReadingAsTextAndHtml()
    {
        var token = (await CliRunner.RunAsync("operators", "add", "ed", "--role", "editor", "--data-dir", DataDir)).Stdout.Trim();
        var run = await CliRunner.RunAsync(Smtp(), "run", "workflows/newsletter.json", "--data-dir", DataDir);
        Assert.True(run.ExitCode == 4, run.Stderr);
        var runId = RunId().Match(run.Stderr).Groups["id"].Value;

        var approved = await CliRunner.RunAsync(Smtp(), "approve", runId, "review", "--token", token, "--data-dir", DataDir);

        Assert.True(approved.ExitCode == 0, approved.Stderr);
        var (message, recipients) = await _sink.NextAsync();
        Assert.Equal(["team@example.com"], recipients);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("<mailto:newsletter@example.com?subject=unsubscribe>", message.Headers["List-Unsubscribe"]);
        var text = message.TextBody!;
        var html = message.HtmlBody!;

        var stories = await SummarisedStoriesAsync(runId);
        Assert.Equal(8, stories.Count);
        foreach (var (title, link, summary) in stories)
        {
            Assert.Contains(title, text, StringComparison.Ordinal);
            Assert.Contains(summary, text, StringComparison.Ordinal);
            Assert.Contains(link, text, StringComparison.Ordinal);
            Assert.Contains(Escape(title), html, StringComparison.Ordinal);
            Assert.Contains(Escape(summary), html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{Escape(link)}\"", html, StringComparison.Ordinal);
        }

        var reading = Section(text, "FURTHER READING FROM OUR BLOG", "--");
        var titles = reading.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimStart('-', ' ')).ToList();
        Assert.InRange(titles.Count, 1, 3);
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Keeping LLM costs predictable with per-workflow budgets", titles);
        foreach (var body in (string[])[reading, Section(html, "Further reading", "<hr")])
        {
            Assert.DoesNotContain(".md", body, StringComparison.Ordinal);
            Assert.DoesNotContain("data/", body, StringComparison.Ordinal);
            Assert.DoesNotContain("**", body, StringComparison.Ordinal);
            Assert.DoesNotContain("#", body, StringComparison.Ordinal);
            Assert.DoesNotContain("](", body, StringComparison.Ordinal);
        }

        Assert.All(titles, t => Assert.Contains($"<li>{Escape(t)}</li>", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmailTriage_EveryReply_GreetsByNameAnswersTheCategorySaysWhatNextAndIsSignedByTheTeam()
    {
        var token = (await CliRunner.RunAsync("operators", "add", "sam", "--role", "support", "--data-dir", DataDir)).Stdout.Trim();
        var run = await CliRunner.RunAsync(Smtp(), "run", "workflows/email-triage.json", "--data-dir", DataDir);
        Assert.True(run.ExitCode == 4, run.Stderr);
        var runId = RunId().Match(run.Stderr).Groups["id"].Value;
        var waiting = WaitingReply().Matches((await CliRunner.RunAsync("approvals", "--data-dir", DataDir)).Stdout).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(waiting);
        var last = (ExitCode: -1, Stdout: string.Empty, Stderr: string.Empty);
        foreach (var node in waiting)
        {
            last = await CliRunner.RunAsync(Smtp(), "approve", runId, node, "--token", token, "--data-dir", DataDir);
        }

        Assert.True(last.ExitCode == 0, last.Stderr);
        var handled = JsonNode.Parse(last.Stdout)!["mails"]!.AsArray().Select(m => m!).ToList();
        var replied = handled.Where(m => m["action"]!.GetValue<string>() == "replied").ToList();
        Assert.Equal(handled.Count(m => m["category"]!.GetValue<string>() != "spam"), replied.Count);
        var messages = new Dictionary<string, MimeMessage>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < replied.Count; i++)
        {
            var (message, _) = await _sink.NextAsync();
            messages[message.To.Mailboxes.Single().Address] = message;
        }

        foreach (var mail in replied)
        {
            var from = mail["from"]!.GetValue<string>();
            var original = Inbox().Single(m => m.From.Mailboxes.Single().Address == from);
            var reply = messages[from];
            var body = reply.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
            var firstName = (original.From.Mailboxes.Single().Name ?? string.Empty).Split(' ')[0];

            Assert.Equal("Re: " + original.Subject, reply.Subject);
            Assert.StartsWith($"Hello {firstName},\n", body, StringComparison.Ordinal);
            Assert.Contains(CategoryWords[mail["category"]!.GetValue<string>()], body, StringComparison.Ordinal);
            Assert.Matches(@"(?:send you an update|answer you|get back to you) within (?:one|two|three) business days?", body);
            Assert.EndsWith("Kind regards,\nExample Support Team", body.TrimEnd(), StringComparison.Ordinal);
            var said = Normalise(body);
            Assert.DoesNotContain(Normalise(original.TextBody!), said, StringComparison.Ordinal);
            Assert.All(Paragraphs(original.TextBody!).Where(p => p.Split(' ').Length >= 8), p => Assert.DoesNotContain(p, said, StringComparison.Ordinal));
        }
    }

    private static readonly Dictionary<string, string> CategoryWords = new(StringComparer.Ordinal)
    {
        ["billing"] = "billing request",
        ["support"] = "support ticket",
        ["other"] = "general enquiry",
    };

    private Dictionary<string, string?> Smtp() => new()
    {
        ["AGENTFLOW__SMTP__HOST"] = "127.0.0.1",
        ["AGENTFLOW__SMTP__PORT"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
        ["AGENTFLOW__SMTP__SECURITY"] = "none",
    };

    private async Task<List<(string Title, string Link, string Summary)>> SummarisedStoriesAsync(string runId)
    {
        var shown = JsonNode.Parse((await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var summarise = shown["timeline"]!.AsArray().Single(t => t!["node"]!.GetValue<string>() == "summarise")!;
        return [.. summarise["output"]!["items"]!.AsArray().Select(i => (i!["title"]!.GetValue<string>(), i["link"]!.GetValue<string>(), i["summary"]!.GetValue<string>()))];
    }

    // The inbox files are RFC 5322 messages, so MimeKit reads their sender, subject and body.
    private static List<MimeMessage> Inbox() =>
        [.. Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "workflows", "data", "inbox"), "*.txt").Select(f => MimeMessage.Load(f))];

    private static string Section(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no '{start}' in:\n{text}");
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to)];
    }

    private static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Select(Normalise).Where(p => p.Length > 0);

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"run (?<id>[a-z-]+-[0-9a-f]{8}) started")]
    private static partial Regex RunId();

    [GeneratedRegex(@"triage\[\d+\]\.approveReply")]
    private static partial Regex WaitingReply();
}
