using System.Text.Json.Nodes;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>
/// A message an <c>imap</c> trigger received: what its input mapping reads as <c>message</c> (see
/// <see cref="TriggerScope"/>). <see cref="ToJson"/> is the one place that spells it as JSON.
/// </summary>
public sealed record ImapMessage
{
    /// <summary>The Message-Id without angle brackets.</summary>
    public required string Id { get; init; }

    /// <summary>The message's UID in <see cref="Folder"/>.</summary>
    public required long Uid { get; init; }

    /// <summary>The folder it was found in.</summary>
    public required string Folder { get; init; }

    /// <summary>The (first) sender.</summary>
    public required ImapAddress From { get; init; }

    /// <summary>The To recipients.</summary>
    public IReadOnlyList<ImapAddress> To { get; init; } = [];

    /// <summary>The Cc recipients.</summary>
    public IReadOnlyList<ImapAddress> Cc { get; init; } = [];

    /// <summary>The subject ("" when none).</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The Date header.</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>The plain-text body, or the HTML body converted to text when there is no plain-text part.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The HTML body ("" when none).</summary>
    public string Html { get; init; } = string.Empty;

    /// <summary>The attachments: names, sizes and types.</summary>
    public IReadOnlyList<ImapAttachment> Attachments { get; init; } = [];

    /// <summary>The headers by lower-case name; of a repeated header (Received), the first occurrence.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The message as the JSON object a mapping reads as <c>message</c>.</summary>
    public JsonObject ToJson()
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["uid"] = Uid,
            ["folder"] = Folder,
            ["from"] = Address(From),
            ["to"] = new JsonArray([.. To.Select(a => (JsonNode)Address(a))]),
            ["cc"] = new JsonArray([.. Cc.Select(a => (JsonNode)Address(a))]),
            ["subject"] = Subject,
            ["date"] = TriggerScope.FormatUtc(Date),
            ["text"] = Text,
            ["html"] = Html,
            ["attachments"] = new JsonArray([.. Attachments.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["size"] = a.Size, ["contentType"] = a.ContentType })]),
            ["headers"] = headers,
        };
    }

    private static JsonObject Address(ImapAddress address) => new() { ["name"] = address.Name, ["address"] = address.Address };
}
