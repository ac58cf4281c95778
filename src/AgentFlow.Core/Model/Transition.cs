namespace AgentFlow.Core.Model;

/// <summary>One outgoing edge of a node: go to <see cref="To"/> when <see cref="When"/> holds (or always).</summary>
/// <param name="When">Liquid condition, or null for an unconditional transition.</param>
/// <param name="To">Target node id.</param>
/// <param name="JsonPath">JSON path of the target id in the file.</param>
public sealed record Transition(string? When, string To, string JsonPath);
