using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Changes to a workflow's JSON before it is loaded: JSON merge patches (RFC 7396; <c>agentflow eval --variant</c>
/// files) and <c>PATH=VALUE</c> assignments (<c>agentflow replay --set nodes.draft.prompt=...</c>). The patched
/// document is loaded and validated like a file, so a patch cannot produce a workflow the validator would refuse.
/// </summary>
public static class WorkflowPatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="target"/>: objects merge member by member, a
    /// <c>null</c> member removes it, anything else (arrays included) replaces the target's value.
    /// </summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Merge(result[name], value);
            }
        }

        return result;
    }

    /// <summary>
    /// Turns <c>PATH=VALUE</c> into a merge patch: <c>PATH</c> is member names joined by dots
    /// (<c>nodes.triage.do.nodes.classify.prompt</c>); <c>VALUE</c> is read as JSON when it is JSON
    /// (<c>0.2</c>, <c>true</c>, <c>{"type":"string"}</c>, <c>"quoted"</c>, <c>null</c> to remove), otherwise as a string.
    /// </summary>
    /// <exception cref="FormatException">The assignment has no <c>=</c> or an empty path segment.</exception>
    public static JsonObject FromAssignment(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{assignment}' is not PATH=VALUE; write e.g. nodes.draft.prompt=\"Write a shorter issue\" or agents.editor.model=gpt");
        }

        var segments = assignment[..equals].Split('.');
        if (segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"'{assignment[..equals]}' has an empty member name; a path is member names joined by dots, e.g. nodes.draft.temperature");
        }

        JsonNode? value = ParseValue(assignment[(equals + 1)..]);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            value = new JsonObject { [segments[i].Trim()] = value };
        }

        return (JsonObject)value!;
    }

    /// <summary>Applies <paramref name="patches"/> in order to the workflow JSON <paramref name="utf8"/> and loads the result as <paramref name="file"/>.</summary>
    /// <exception cref="JsonException">The workflow file is not JSON (the loader reports it with its location when loaded unpatched).</exception>
    public static WorkflowDocument Load(byte[] utf8, string file, IEnumerable<JsonNode> patches) =>
        WorkflowLoader.Parse(Encoding.UTF8.GetBytes(Apply(utf8, patches)), file);

    /// <summary>
    /// The text <see cref="Load"/> loads: <paramref name="patches"/> applied in order to the workflow JSON
    /// <paramref name="utf8"/>, indented (a replay stores it as the fork's pinned definition).
    /// </summary>
    /// <exception cref="JsonException">The workflow file is not JSON.</exception>
    public static string Apply(byte[] utf8, IEnumerable<JsonNode> patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var document = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        foreach (var patch in patches)
        {
            document = Merge(document, patch);
        }

        return document?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
