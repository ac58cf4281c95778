namespace AgentFlow.Triggers;

/// <summary>How users name triggers: <c>WORKFLOW/TRIGGER</c>, or <c>TRIGGER</c> alone when only one workflow has it.</summary>
public static class TriggerNames
{
    /// <summary>The id of the trigger <paramref name="name"/> names among <paramref name="ids"/>.</summary>
    /// <exception cref="TriggerNotFoundException">None or several match; the message lists the known ones.</exception>
    public static string Resolve(IReadOnlyCollection<string> ids, string name)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(name);
        if (ids.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }

        var matches = name.Contains('/', StringComparison.Ordinal) ? [] : ids.Where(i => i.EndsWith("/" + name, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            > 1 => throw new TriggerNotFoundException($"trigger name '{name}' is ambiguous: {string.Join(", ", matches)}; give WORKFLOW/TRIGGER"),
            _ => throw new TriggerNotFoundException(ids.Count == 0
                ? $"no trigger '{name}': the workflows folder declares no triggers"
                : $"no trigger '{name}'; known: {string.Join(", ", ids.Order(StringComparer.Ordinal))}"),
        };
    }
}
