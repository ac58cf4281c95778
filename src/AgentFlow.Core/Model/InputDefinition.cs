using System.Text.Json;

namespace AgentFlow.Core.Model;

/// <summary>A declared run input.</summary>
/// <param name="Name">Input name, read in templates as <c>inputs.NAME</c>.</param>
/// <param name="Type">JSON type: string, number, integer, boolean, array or object.</param>
/// <param name="Default">Default value, if any.</param>
/// <param name="Required">Whether a run must supply it (default: true when there is no default).</param>
/// <param name="Description">Shown by the CLI and UI.</param>
/// <param name="Enum">Allowed values, if restricted.</param>
/// <param name="JsonPath">Where it is declared.</param>
public sealed record InputDefinition(
    string Name,
    string Type,
    JsonElement? Default,
    bool Required,
    string? Description,
    IReadOnlyList<JsonElement>? Enum,
    string JsonPath)
{
    /// <summary>
    /// The author declares the input third-party content (<c>"untrusted": true</c>); inputs a mail or webhook trigger
    /// fills are untrusted without it.
    /// </summary>
    public bool Untrusted { get; init; }
}
