namespace AgentFlow.Core.Loading;

/// <summary>One field of a workflow object: its name, shape, and whether it is required.</summary>
/// <param name="Name">JSON property name.</param>
/// <param name="Type">Accepted shape.</param>
/// <param name="Required">Whether the loader reports AF101 when it is missing.</param>
/// <param name="Section">For <see cref="FieldType.Object"/>, <see cref="FieldType.ObjectArray"/> and <see cref="FieldType.Map"/>: the section of the nested objects.</param>
/// <param name="Allowed">For strings: the only accepted values.</param>
public sealed record FieldSpec(
    string Name,
    FieldType Type,
    bool Required = false,
    string? Section = null,
    IReadOnlyList<string>? Allowed = null);
