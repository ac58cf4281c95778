using System.Text.Json.Nodes;
using AgentFlow.Engine.Replay;

namespace AgentFlow.Cli.Running;

/// <summary>A run diff as a table: one line per node visit (result, how the fork got it, what changed), then the output.</summary>
internal static class DiffText
{
    private const int MaxValueChars = 60;

    /// <summary>Where a fork forks and with what: <c>from draft; --set nodes.draft.prompt=...</c>.</summary>
    public static string Describe(RunFork fork)
    {
        var at = fork.FromStart ? "from the start" : fork.ForkAt.Count == 0 ? "reusing every recorded visit (no node changed)" : $"from {string.Join(" or ", fork.ForkAt)}";
        var changes = fork.Set.Select(s => $"--set {s}").Concat(fork.Model is { } m ? [$"--model {m}"] : []).ToList();
        return changes.Count == 0 ? at : $"{at}; {string.Join(" ", changes)}";
    }

    public static async Task WriteAsync(TextWriter output, RunDiff diff)
    {
        var fork = diff.Replay is { } r ? $" ({Describe(r)})" : string.Empty;
        await output.WriteLineAsync($"run {diff.Fork} compared with run {diff.Original}{fork}").ConfigureAwait(false);
        var rows = diff.Nodes.Select(n => new[] { n.Node, n.Kind, Status(n.Status), How(n), Changes(n) }).ToList();
        rows.Add(["(output)", string.Empty, Status(diff.OutputStatus), string.Empty, Summary(diff.OutputChanges)]);
        await Table.WriteAsync(output, ["NODE", "KIND", "RESULT", "FORK", "CHANGES"], rows).ConfigureAwait(false);
        var counts = diff.Counts;
        await output.WriteLineAsync($"{counts["changed"]} changed, {counts["same"]} same, {counts["onlyInOriginal"]} only in the original, {counts["onlyInFork"]} only in the fork").ConfigureAwait(false);
    }

    private static string Status(DiffStatus status) => status switch
    {
        DiffStatus.Same => "same",
        DiffStatus.Changed => "changed",
        DiffStatus.OnlyInOriginal => "only-original",
        _ => "only-fork",
    };

    private static string How(NodeDiff node) => node.Status == DiffStatus.OnlyInOriginal ? string.Empty : node.Replay switch
    {
        ReplayMode.Reused => node.InputChanged && node.Kind == "tool" ? "reused (args changed, not sent)" : "reused",
        ReplayMode.Skipped => "skipped (not run)",
        _ => "ran",
    };

    private static string Changes(NodeDiff node) => node.Status switch
    {
        DiffStatus.Changed => Summary(node.Changes),
        DiffStatus.OnlyInFork when node.Fork?["wouldCall"] is JsonObject call => $"would call {call["tool"]} with {Short(call["args"])}",
        _ => string.Empty,
    };

    private static string Summary(IReadOnlyList<JsonChange> changes) =>
        string.Join("; ", changes.Take(3).Select(c => $"{c.Path}: {Short(c.Original)} -> {Short(c.Fork)}")) + (changes.Count > 3 ? $"; +{changes.Count - 3} more" : string.Empty);

    private static string Short(JsonNode? value)
    {
        var text = value?.ToJsonString(CliJson.Compact) ?? "(none)";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxValueChars ? text : text[..(MaxValueChars - 3)] + "...";
    }
}
