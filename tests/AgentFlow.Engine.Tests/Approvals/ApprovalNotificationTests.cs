using System.Net.Mail;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>What an approver receives: readable values in text and HTML, a stable Message-Id, the configured sender.</summary>
public sealed class ApprovalNotificationTests
{
    private static readonly ApprovalEvent Waiting = new(
        ApprovalEventKind.Waiting,
        "refund-1",
        "review",
        [Approver.Parse("role:finance")],
        new JsonObject { ["amount"] = 120, ["customer"] = "Zoë \"Z\" <z@example.com>", ["items"] = new JsonArray("a", "b"), ["note"] = null },
        new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Create_ShowsEachValueOnItsOwnLine_WithoutJsonEscapes()
    {
        using var message = ApprovalNotification.Create(Waiting, "fin@example.com", new NotificationOptions());

        Assert.Contains("  amount: 120", message.Body, StringComparison.Ordinal);
        Assert.Contains("  customer: Zoë \"Z\" <z@example.com>", message.Body, StringComparison.Ordinal);
        Assert.Contains("  items: [\"a\",\"b\"]", message.Body, StringComparison.Ordinal);
        Assert.Contains("  note: (none)", message.Body, StringComparison.Ordinal);
        Assert.Contains("Decide before 2026-12-03 10:00:00Z.", message.Body, StringComparison.Ordinal);
        Assert.Contains("agentflow approve refund-1 review", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HasAnHtmlPartWithEncodedValues()
    {
        using var message = ApprovalNotification.Create(Waiting, "fin@example.com", new NotificationOptions());

        var html = Assert.Single(message.AlternateViews);
        Assert.Equal("text/html", html.ContentType.MediaType);
        using var reader = new StreamReader(html.ContentStream);
        var text = reader.ReadToEnd();
        Assert.Contains("<th align=\"left\">customer</th><td>Zo", text, StringComparison.Ordinal);
        Assert.Contains(" &quot;Z&quot; &lt;z@example.com&gt;</td>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MessageIdIsStablePerApproverAndEvent()
    {
        static string Id(ApprovalEvent e, string to)
        {
            using var message = ApprovalNotification.Create(e, to, new NotificationOptions());
            return message.Headers["Message-Id"]!;
        }

        Assert.Matches("^<[0-9a-f]{32}@agentflow>$", Id(Waiting, "fin@example.com"));
        Assert.Equal(Id(Waiting, "fin@example.com"), Id(Waiting, "fin@example.com"));
        Assert.NotEqual(Id(Waiting, "fin@example.com"), Id(Waiting, "ops@example.com"));
        Assert.NotEqual(Id(Waiting, "fin@example.com"), Id(Waiting with { Kind = ApprovalEventKind.Escalation }, "fin@example.com"));
    }

    [Fact]
    public void Create_UsesTheConfiguredSender()
    {
        using var message = ApprovalNotification.Create(Waiting, "fin@example.com", new NotificationOptions { From = "Approvals <approvals@example.com>" });

        Assert.Equal(new MailAddress("approvals@example.com", "Approvals"), message.From);
        Assert.StartsWith("[AgentFlow] approval needed: refund-1 / review", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithLink_OffersItInTextAndHtml_BesidesTheCommands()
    {
        var link = new Uri("https://flow.example.com/approve/abc.def");
        using var message = ApprovalNotification.Create(Waiting, "fin@example.com", new NotificationOptions(), link);

        Assert.Contains("  https://flow.example.com/approve/abc.def", message.Body, StringComparison.Ordinal);
        Assert.Contains("agentflow approve refund-1 review", message.Body, StringComparison.Ordinal);
        using var reader = new StreamReader(Assert.Single(message.AlternateViews).ContentStream);
        Assert.Contains("<a href=\"https://flow.example.com/approve/abc.def\">", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutLink_SaysNothingOfABrowser()
    {
        using var message = ApprovalNotification.Create(Waiting, "fin@example.com", new NotificationOptions());

        Assert.DoesNotContain("browser", message.Body, StringComparison.Ordinal);
    }
}
