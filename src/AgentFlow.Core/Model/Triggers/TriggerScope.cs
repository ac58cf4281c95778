using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>
/// What a trigger's input mapping can read, in one place: the names and shapes per kind (the validator checks
/// mappings against them) and the builders of the JSON object a host renders the mapping against
/// (<see cref="TriggerInputMapping.RenderAsync"/>). Every kind has <c>trigger</c> = { workflow, name, kind, key,
/// firedAt } (a schedule adds <c>time</c> and <c>manual</c>); <c>imap</c> adds <c>message</c>; <c>webhook</c> adds
/// <c>body</c>, <c>headers</c> and <c>query</c>. Nothing of the run exists yet: no <c>inputs</c>, nodes or <c>run</c>.
/// </summary>
public static class TriggerScope
{
    private static readonly ValueShape Address = ValueShape.Record(("name", ValueShape.Text), ("address", ValueShape.Text));

    private static readonly (string Name, ValueShape Shape)[] TriggerFields =
        [("workflow", ValueShape.Text), ("name", ValueShape.Text), ("kind", ValueShape.Text), ("key", ValueShape.Text), ("firedAt", ValueShape.Text)];

    private static readonly Dictionary<TriggerKind, IReadOnlyDictionary<string, ValueShape>> ByKind = new()
    {
        [TriggerKind.Schedule] = new Dictionary<string, ValueShape>(StringComparer.Ordinal)
        {
            ["trigger"] = ValueShape.Record([.. TriggerFields, ("time", ValueShape.Text), ("manual", ValueShape.Boolean)]),
        },
        [TriggerKind.Imap] = new Dictionary<string, ValueShape>(StringComparer.Ordinal)
        {
            ["trigger"] = ValueShape.Record(TriggerFields),
            ["message"] = ValueShape.Record(
                ("id", ValueShape.Text), ("uid", ValueShape.Number), ("folder", ValueShape.Text), ("from", Address),
                ("to", ValueShape.Array(Address)), ("cc", ValueShape.Array(Address)), ("subject", ValueShape.Text),
                ("date", ValueShape.Text), ("text", ValueShape.Text), ("html", ValueShape.Text),
                ("attachments", ValueShape.Array(ValueShape.Record(("name", ValueShape.Text), ("size", ValueShape.Number), ("contentType", ValueShape.Text)))),
                ("headers", ValueShape.Untyped)),
        },
        [TriggerKind.Webhook] = new Dictionary<string, ValueShape>(StringComparer.Ordinal)
        {
            ["trigger"] = ValueShape.Record(TriggerFields),
            ["body"] = ValueShape.Untyped,
            ["headers"] = ValueShape.Untyped,
            ["query"] = ValueShape.Untyped,
        },
    };

    /// <summary>The names a mapping of a <paramref name="kind"/> trigger can read, with the shape of each.</summary>
    public static IReadOnlyDictionary<string, ValueShape> Shapes(TriggerKind kind) => ByKind[kind];

    /// <summary>The scope of a schedule's tick: <c>trigger</c> with <c>time</c> (the tick in the trigger's time zone) and <c>manual</c>.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="key">What makes the occasion unique (for a tick, usually its UTC time).</param>
    /// <param name="firedAt">When the host fired it.</param>
    /// <param name="tick">The tick (any offset; written with the offset of the trigger's time zone).</param>
    /// <param name="manual">True when an operator fired it by hand.</param>
    public static JsonObject ForSchedule(string workflow, ScheduleTrigger trigger, string key, DateTimeOffset firedAt, DateTimeOffset tick, bool manual)
    {
        var info = Trigger(workflow, trigger, key, firedAt);
        info["time"] = TimeZoneInfo.ConvertTime(tick, ScheduleSyntax.TimeZoneOf(trigger)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        info["manual"] = manual;
        return new JsonObject { ["trigger"] = info };
    }

    /// <summary>The scope of a message: <c>trigger</c> and <c>message</c> (see <see cref="ImapMessage.ToJson"/>).</summary>
    public static JsonObject ForImap(string workflow, ImapTrigger trigger, string key, DateTimeOffset firedAt, ImapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JsonObject { ["trigger"] = Trigger(workflow, trigger, key, firedAt), ["message"] = message.ToJson() };
    }

    /// <summary>The scope of a webhook call: <c>trigger</c>, the parsed JSON <c>body</c>, <c>headers</c> (lower-case names) and <c>query</c>.</summary>
    public static JsonObject ForWebhook(
        string workflow, WebhookTrigger trigger, string key, DateTimeOffset firedAt, JsonNode? body,
        IEnumerable<KeyValuePair<string, string>> headers, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(query);
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headerObject[name.ToLowerInvariant()] = value;
        }

        var queryObject = new JsonObject();
        foreach (var (name, value) in query)
        {
            queryObject[name] = value;
        }

        return new JsonObject
        {
            ["trigger"] = Trigger(workflow, trigger, key, firedAt),
            ["body"] = body?.DeepClone(),
            ["headers"] = headerObject,
            ["query"] = queryObject,
        };
    }

    /// <summary>An instant as the scope writes it: ISO-8601 in UTC, e.g. <c>2026-12-07T07:00:00Z</c>.</summary>
    public static string FormatUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Trigger(string workflow, TriggerDefinition trigger, string key, DateTimeOffset firedAt)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(key);
        return new JsonObject
        {
            ["workflow"] = workflow,
            ["name"] = trigger.Name,
            ["kind"] = TriggerKinds.ToJson(trigger.Kind),
            ["key"] = key,
            ["firedAt"] = FormatUtc(firedAt),
        };
    }
}
