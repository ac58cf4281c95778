namespace AgentFlow.Engine.Ledger;

/// <summary>The errors every <see cref="IEffectLedger"/> raises alike, so callers and operators see one wording.</summary>
internal static class LedgerErrors
{
    public static KeyNotFoundException NotFound(string key) => new($"no effect is recorded under key '{key}'");

    public static InvalidOperationException ResolvedMeanwhile(string key, string by) => new(
        $"the effect under key '{key}' was resolved as done by {by} while its tool was running; the operator's result is kept "
        + "and the tool's result is not recorded: check that the effect happened once (agentflow effects list)");
}
