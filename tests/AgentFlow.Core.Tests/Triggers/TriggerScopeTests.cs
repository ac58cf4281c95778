using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Tests.Triggers;

/// <summary>The JSON a host renders a mapping against is exactly what the validator checks mappings against.</summary>
public sealed class TriggerScopeTests
{
    private static readonly DateTimeOffset Fired = new(2026, 12, 7, 7, 0, 3, TimeSpan.Zero);

    private static readonly ScheduleTrigger Weekly = new() { Name = "weekly", JsonPath = "$.triggers.weekly", Cron = "0 8 * * MON", TimeZone = "Europe/Berlin" };

    private static readonly ImapMessage Mail = new()
    {
        Id = "m1@example.org", Uid = 7, Folder = "INBOX", From = new ImapAddress("Ana", "ana@example.org"),
        To = [new ImapAddress("Support", "support@example.com")], Cc = [new ImapAddress(string.Empty, "cc@example.com")],
        Subject = "Hi", Date = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(1)), Text = "t", Html = "<p>t</p>",
        Attachments = [new ImapAttachment("a.pdf", 10, "application/pdf")], Headers = new Dictionary<string, string> { ["Message-ID"] = "<m1@example.org>" },
    };

    [Fact]
    public void ForSchedule_WritesTheTickInTheTriggersZoneAndFiredAtInUtc()
    {
        var scope = TriggerScope.ForSchedule("newsletter", Weekly, "2026-12-07T07:00:00Z", Fired, new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero), manual: true);

        var trigger = scope["trigger"]!;
        Assert.Equal("2026-12-07T08:00:00+01:00", trigger["time"]!.GetValue<string>());
        Assert.Equal("2026-12-07T07:00:03Z", trigger["firedAt"]!.GetValue<string>());
        Assert.Equal(("newsletter", "weekly", "schedule", "2026-12-07T07:00:00Z"), (trigger["workflow"]!.GetValue<string>(), trigger["name"]!.GetValue<string>(), trigger["kind"]!.GetValue<string>(), trigger["key"]!.GetValue<string>()));
        Assert.True(trigger["manual"]!.GetValue<bool>());
    }

    [Fact]
    public void ForImap_WritesTheMessageWithLowerCaseHeaders()
    {
        var imap = new ImapTrigger { Name = "inbox", JsonPath = "$.triggers.inbox", Host = "h", Username = "u", PasswordEnv = "P" };

        var message = TriggerScope.ForImap("triage", imap, "m1@example.org", Fired, Mail)["message"]!;

        Assert.Equal("<m1@example.org>", message["headers"]!["message-id"]!.GetValue<string>());
        Assert.Equal("2026-12-07T07:00:00Z", message["date"]!.GetValue<string>());
        Assert.Equal("ana@example.org", message["from"]!["address"]!.GetValue<string>());
        Assert.Equal(10, message["attachments"]![0]!["size"]!.GetValue<long>());
    }

    public static TheoryData<string> Kinds => [.. TriggerKinds.Names];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Builders_ProduceExactlyTheNamesAndFieldsOfTheShapes(string kindName)
    {
        Assert.True(TriggerKinds.TryParse(kindName, out var kind));
        var scope = kind switch
        {
            TriggerKind.Schedule => TriggerScope.ForSchedule("w", Weekly, "k", Fired, Fired, manual: false),
            TriggerKind.Imap => TriggerScope.ForImap("w", new ImapTrigger { Name = "i", JsonPath = "$", Host = "h", Username = "u", PasswordEnv = "P" }, "k", Fired, Mail),
            _ => TriggerScope.ForWebhook("w", new WebhookTrigger { Name = "h", JsonPath = "$", SecretEnv = "S" }, "k", Fired, new JsonObject(), [], []),
        };
        var shapes = TriggerScope.Shapes(kind);

        Assert.Equal(shapes.Keys.Order(StringComparer.Ordinal), scope.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (name, value) in scope)
        {
            AssertFits(shapes[name], value, name);
        }
    }

    private static void AssertFits(ValueShape shape, JsonNode? value, string path)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Record:
                var obj = Assert.IsType<JsonObject>(value);
                Assert.True(shape.Properties.Keys.Order(StringComparer.Ordinal).SequenceEqual(obj.Select(p => p.Key).Order(StringComparer.Ordinal)), $"{path}: {string.Join(",", obj.Select(p => p.Key))}");
                foreach (var (name, property) in obj)
                {
                    AssertFits(shape.Properties[name], property, $"{path}.{name}");
                }

                break;
            case ShapeKind.Array:
                foreach (var item in Assert.IsType<JsonArray>(value))
                {
                    AssertFits(shape.Item!, item, $"{path}[]");
                }

                break;
            case ShapeKind.Text:
                Assert.Equal(System.Text.Json.JsonValueKind.String, value!.GetValueKind());
                break;
            case ShapeKind.Number:
                Assert.Equal(System.Text.Json.JsonValueKind.Number, value!.GetValueKind());
                break;
            case ShapeKind.Boolean:
                Assert.Contains(value!.GetValueKind(), new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False });
                break;
        }
    }
}
