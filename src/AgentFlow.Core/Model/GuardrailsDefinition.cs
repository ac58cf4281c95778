namespace AgentFlow.Core.Model;

/// <summary>
/// The workflow's run-time guardrails switches (<c>guardrails</c>). Both are on by default; switching them off is
/// meant for evaluation baselines (<c>agentflow eval --variant</c>), not for production.
/// </summary>
/// <param name="Enabled">False: <c>guard</c> nodes pass their text through unchecked and agents' <c>guards</c> do not run.</param>
/// <param name="Spotlight">How untrusted text is marked in <c>llm</c> prompts.</param>
public sealed record GuardrailsDefinition(bool Enabled = true, SpotlightMode Spotlight = SpotlightMode.Delimit)
{
    /// <summary>The defaults: guards on, spotlighting by delimiters.</summary>
    public static GuardrailsDefinition Default { get; } = new();

    /// <summary>The JSON spelling of a spotlight mode.</summary>
    public static string ToJson(SpotlightMode mode) => mode switch
    {
        SpotlightMode.Datamark => "datamark",
        SpotlightMode.Off => "off",
        _ => "delimit",
    };
}
