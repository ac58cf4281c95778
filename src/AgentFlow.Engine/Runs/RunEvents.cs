namespace AgentFlow.Engine.Runs;

/// <summary>Names of the external events a run waits for.</summary>
public static class RunEvents
{
    /// <summary><c>approval:NODE</c> carries an <see cref="ApprovalDecision"/>.</summary>
    public const string ApprovalPrefix = "approval:";

    /// <summary><c>effect:NODE</c> carries an <see cref="EffectResolution"/>.</summary>
    public const string EffectPrefix = "effect:";
}
