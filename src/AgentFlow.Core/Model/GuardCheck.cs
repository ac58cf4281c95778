using System.Text.Json;

namespace AgentFlow.Core.Model;

/// <summary>One check of a <c>guard</c> node or of an agent's <c>guards</c>, with the settings its kind uses.</summary>
public sealed record GuardCheck
{
    /// <summary>What the check looks for.</summary>
    public required GuardCheckKind Check { get; init; }

    /// <summary>What a finding does; <see cref="GuardAction.Flag"/> when not written.</summary>
    public GuardAction Action { get; init; } = GuardAction.Flag;

    /// <summary>Where the check is written.</summary>
    public required string JsonPath { get; init; }

    /// <summary><c>pii</c>: the built-in kinds to look for (<c>email</c>, <c>phone</c>, <c>card</c>, <c>iban</c>); empty means all.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary><c>pii</c>: configured patterns, rule name -> regular expression (findings <c>pii.NAME</c>).</summary>
    public IReadOnlyDictionary<string, string> Patterns { get; init; } = new Dictionary<string, string>();

    /// <summary><c>regex</c>: the regular expression.</summary>
    public string? Pattern { get; init; }

    /// <summary><c>regex</c>: true (default) when the text must match; false when a match is the finding.</summary>
    public bool MustMatch { get; init; } = true;

    /// <summary><c>length</c>: fewest characters allowed.</summary>
    public int? Min { get; init; }

    /// <summary><c>length</c>: most characters allowed.</summary>
    public int? Max { get; init; }

    /// <summary><c>banned</c>: terms the text must not contain (case-insensitive).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary><c>schema</c>: the JSON Schema the text (as JSON) must match.</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>The JSON spelling of a check kind.</summary>
    public static string ToJson(GuardCheckKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The JSON spelling of an action.</summary>
    public static string ToJson(GuardAction action) => action.ToString().ToLowerInvariant();
}
