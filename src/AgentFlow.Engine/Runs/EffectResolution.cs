namespace AgentFlow.Engine.Runs;

/// <summary>
/// The payload of the <c>effect:NODE</c> event: an operator has resolved a tool effect in doubt in the ledger
/// (marked it done, or cleared it to be repeated), so the run calls the tool activity again and the ledger answers.
/// </summary>
/// <param name="By">The operator.</param>
/// <param name="Repeat">True when the operator cleared the entry so the effect runs again.</param>
public sealed record EffectResolution(string By, bool Repeat);
