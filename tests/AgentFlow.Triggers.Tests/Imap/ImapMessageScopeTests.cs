using System.Text.Json.Nodes;
using AgentFlow.Triggers.Imap;
using MimeKit;

namespace AgentFlow.Triggers.Tests.Imap;

public sealed class ImapMessageScopeTests
{
    private static readonly DateTimeOffset FiredAt = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KeyOf_MessageId_IsTheIdWithoutBrackets()
    {
        var message = ImapTestMail.Text("Hi", messageId: "abc.123@example.com");
        message.Headers.Replace(HeaderId.MessageId, " <abc.123@example.com> ");

        Assert.Equal("abc.123@example.com", ImapMessageScope.KeyOf(message));
    }

    [Fact]
    public void KeyOf_NoMessageId_IsAStableHashOfTheMail()
    {
        var message = WithoutMessageId(ImapTestMail.Text("Hi", "Body one"));
        var copy = Reparse(message);
        var other = WithoutMessageId(ImapTestMail.Text("Hi", "Body two"));

        var key = ImapMessageScope.KeyOf(message);

        Assert.StartsWith("sha256:", key, StringComparison.Ordinal);
        Assert.Equal(71, key.Length);
        Assert.Equal(key, ImapMessageScope.KeyOf(copy));
        Assert.NotEqual(key, ImapMessageScope.KeyOf(other));
    }

    [Fact]
    public void Build_TextMail_GivesTriggerAndMessageFields()
    {
        var message = ImapTestMail.Text("Invoice 42", "Please pay.", messageId: "inv-42@example.com");
        message.Cc.Add(new MailboxAddress("Bob", "bob@example.com"));
        message.Headers.Add("X-Priority", "1");
        message.Headers.Add("X-Priority", "5");

        var scope = Scope(message, uid: 7);

        Assert.Equal("triage", (string?)scope["trigger"]!["workflow"]);
        Assert.Equal("inbox", (string?)scope["trigger"]!["name"]);
        Assert.Equal("imap", (string?)scope["trigger"]!["kind"]);
        Assert.Equal("inv-42@example.com", (string?)scope["trigger"]!["key"]);
        Assert.Equal("2026-12-03T08:00:00Z", (string?)scope["trigger"]!["firedAt"]);
        var mail = scope["message"]!;
        Assert.Equal("inv-42@example.com", (string?)mail["id"]);
        Assert.Equal(7L, (long)mail["uid"]!);
        Assert.Equal("INBOX", (string?)mail["folder"]);
        Assert.Equal("Ana Example", (string?)mail["from"]!["name"]);
        Assert.Equal("ana@example.com", (string?)mail["from"]!["address"]);
        Assert.Equal("triage@example.com", (string?)mail["to"]![0]!["address"]);
        Assert.Equal("Bob", (string?)mail["cc"]![0]!["name"]);
        Assert.Equal("Invoice 42", (string?)mail["subject"]);
        Assert.Equal("2026-12-03T08:30:00Z", (string?)mail["date"]);
        Assert.Equal("Please pay.", (string?)mail["text"]);
        Assert.Equal(string.Empty, (string?)mail["html"]);
        Assert.Empty(mail["attachments"]!.AsArray());
        Assert.Equal("1", (string?)mail["headers"]!["x-priority"]);
        Assert.Equal("Invoice 42", (string?)mail["headers"]!["subject"]);
    }

    [Fact]
    public void Build_HtmlOnlyMail_GivesReadableText()
    {
        var message = ImapTestMail.Text("News");
        message.Body = new TextPart("html")
        {
            Text = "<html><head><title>T</title><style>p { color: red }</style><script>track()</script></head><body>"
                + "<h1>Hello &amp; welcome</h1><p>Read   <a href=\"https://example.com/post\">the post</a> or mail "
                + "<a href=\"mailto:ana@example.com\">ana@example.com</a>.</p><ul><li>One</li><li>Two&nbsp;items</li></ul>"
                + "<table><tr><td>Total</td><td>42 &euro;</td></tr></table><div>Line<br>break</div></body></html>",
        };

        var mail = Scope(message)["message"]!;

        Assert.Equal(
            "Hello & welcome\n\nRead the post (https://example.com/post) or mail ana@example.com.\n\n- One\n- Two items\n\nTotal | 42 €\n\nLine\nbreak",
            (string?)mail["text"]);
        Assert.StartsWith("<html>", (string?)mail["html"], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Attachments_ListsNamesDecodedSizesAndTypes()
    {
        var message = ImapTestMail.Text("Files");
        var builder = new BodyBuilder { TextBody = "See attached." };
        builder.Attachments.Add("report.pdf", new byte[1000], new ContentType("application", "pdf"));
        builder.Attachments.Add("notes.txt", "abc"u8.ToArray(), new ContentType("text", "plain"));
        message.Body = builder.ToMessageBody();

        var attachments = Scope(Reparse(message))["message"]!["attachments"]!.AsArray();

        Assert.Equal(2, attachments.Count);
        Assert.Equal("report.pdf", (string?)attachments[0]!["name"]);
        Assert.Equal(1000L, (long)attachments[0]!["size"]!);
        Assert.Equal("application/pdf", (string?)attachments[0]!["contentType"]);
        Assert.Equal("notes.txt", (string?)attachments[1]!["name"]);
        Assert.Equal(3L, (long)attachments[1]!["size"]!);
        Assert.Equal("See attached.", (string?)Scope(message)["message"]!["text"]);
    }

    [Fact]
    public void Build_HugeText_IsCutWithAMarker()
    {
        var message = ImapTestMail.Text("Big", new string('x', 5000));

        var text = (string?)ImapMessageScope.Build(ImapTestMail.Registration(), message, 1, "INBOX", "k", FiredAt, 1000)["message"]!["text"];

        Assert.StartsWith(new string('x', 1000) + "\n[... cut: 4000 more characters]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryOf_NamesSubjectAndSender()
    {
        Assert.Equal("mail \"Invoice 42\" from ana@example.com", ImapMessageScope.SummaryOf(ImapTestMail.Text("Invoice 42")));
    }

    private static JsonObject Scope(MimeMessage message, uint uid = 1) =>
        ImapMessageScope.Build(ImapTestMail.Registration(), message, uid, "INBOX", ImapMessageScope.KeyOf(message), FiredAt, 1_000_000);

    private static MimeMessage WithoutMessageId(MimeMessage message)
    {
        message.Headers.Remove(HeaderId.MessageId);
        return message;
    }

    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }
}
