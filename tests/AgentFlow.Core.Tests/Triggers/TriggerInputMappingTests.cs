using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Tests.Triggers;

public sealed class TriggerInputMappingTests
{
    private static readonly ImapMessage Mail = new()
    {
        Id = "abc@mail.example.org",
        Uid = 42,
        Folder = "INBOX",
        From = new ImapAddress("Maria Lopez", "maria@northwind.example.org"),
        To = [new ImapAddress(string.Empty, "support@example.com")],
        Subject = "Charged twice",
        Date = new DateTimeOffset(2025, 11, 24, 8, 12, 44, TimeSpan.FromHours(1)),
        Text = "Please refund.",
        Attachments = [new ImapAttachment("receipt.pdf", 1234, "application/pdf")],
        Headers = new Dictionary<string, string> { ["X-Priority"] = "1" },
    };

    private static ImapTrigger Inbox(string inputs) => new()
    {
        Name = "inbox",
        JsonPath = "$.triggers.inbox",
        Host = "127.0.0.1",
        Username = "support",
        PasswordEnv = "P",
        Inputs = JsonDocument.Parse(inputs).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };

    private static JsonObject Scope(ImapTrigger trigger) =>
        TriggerScope.ForImap("email-triage", trigger, "abc@mail.example.org", new DateTimeOffset(2025, 11, 24, 7, 13, 0, TimeSpan.Zero), Mail);

    [Fact]
    public async Task Render_EmailTriageMapping_BuildsTheMailText()
    {
        var trigger = Inbox("""{ "mails": [ { "text": "From: {{ message.from.name }} <{{ message.from.address }}>\nSubject: {{ message.subject }}\n\n{{ message.text }}" } ] }""");

        var inputs = await TriggerInputMapping.RenderAsync(trigger, Scope(trigger), CancellationToken.None);

        Assert.Equal(
            "From: Maria Lopez <maria@northwind.example.org>\nSubject: Charged twice\n\nPlease refund.",
            inputs["mails"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_SingleExpression_KeepsItsJsonType()
    {
        var trigger = Inbox("""{ "uid": "{{ message.uid }}", "to": "{{ message.to }}", "files": "{{ message.attachments | size }}", "text": "#{{ message.uid }}" }""");

        var inputs = await TriggerInputMapping.RenderAsync(trigger, Scope(trigger), CancellationToken.None);

        Assert.Equal(42, inputs["uid"]!.GetValue<long>());
        Assert.Equal("support@example.com", Assert.IsType<JsonArray>(inputs["to"])[0]!["address"]!.GetValue<string>());
        Assert.Equal(1, inputs["files"]!.GetValue<long>());
        Assert.Equal("#42", inputs["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_LiteralsAndNull_CopiesLiteralsAndLeavesOutNothing()
    {
        var trigger = Inbox("""{ "limit": 5, "flag": true, "missing": "{{ message.headers.nope }}", "priority": "{{ message.headers['x-priority'] }}" }""");

        var inputs = await TriggerInputMapping.RenderAsync(trigger, Scope(trigger), CancellationToken.None);

        Assert.Equal(5, inputs["limit"]!.GetValue<int>());
        Assert.True(inputs["flag"]!.GetValue<bool>());
        Assert.False(inputs.ContainsKey("missing"));
        Assert.Equal("1", inputs["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_WebhookScope_ReadsBodyHeadersAndQuery()
    {
        var trigger = new WebhookTrigger
        {
            Name = "orders",
            JsonPath = "$.triggers.orders",
            SecretEnv = "S",
            Inputs = JsonDocument.Parse("""{ "order": "{{ body.order }}", "who": "{{ headers['x-user'] }}/{{ query.ref }}", "run": "{{ trigger.workflow }}:{{ trigger.name }}:{{ trigger.key }}" }""")
                .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
        var scope = TriggerScope.ForWebhook(
            "shop", trigger, "key-1", DateTimeOffset.UnixEpoch, JsonNode.Parse("""{ "order": { "id": 7 } }"""),
            [new("X-User", "ana")], [new("ref", "mail")]);

        var inputs = await TriggerInputMapping.RenderAsync(trigger, scope, CancellationToken.None);

        Assert.Equal(7, inputs["order"]!["id"]!.GetValue<long>());
        Assert.Equal("ana/mail", inputs["who"]!.GetValue<string>());
        Assert.Equal("shop:orders:key-1", inputs["run"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_NoMapping_GivesNoInputs()
    {
        var trigger = new ScheduleTrigger { Name = "weekly", JsonPath = "$.triggers.weekly", Cron = "0 8 * * MON" };
        var scope = TriggerScope.ForSchedule("w", trigger, "k", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, manual: false);

        Assert.Empty(await TriggerInputMapping.RenderAsync(trigger, scope, CancellationToken.None));
    }

    [Fact]
    public async Task Render_BrokenTemplate_ThrowsTemplateException()
    {
        var trigger = Inbox("""{ "x": "{{ message.subject " }""");

        await Assert.ThrowsAsync<TemplateException>(() => TriggerInputMapping.RenderAsync(trigger, Scope(trigger), CancellationToken.None));
    }
}
