namespace AgentFlow.Triggers;

/// <summary>What a read of the workflows folder found.</summary>
/// <param name="Triggers">Every trigger of every valid file (enabled or not), by file name then declaration order.</param>
/// <param name="Problems">Invalid files (and triggers whose id another file took first).</param>
/// <param name="Hashes">SHA-256 of each file's content read, by full path.</param>
public sealed record TriggerScan(IReadOnlyList<TriggerRegistration> Triggers, IReadOnlyList<TriggerFileProblem> Problems, IReadOnlyDictionary<string, string> Hashes);
