namespace AgentFlow.Core.Model;

/// <summary>How untrusted text is put into an <c>llm</c> node's prompt (the workflow's <c>guardrails.spotlight</c>).</summary>
public enum SpotlightMode
{
    /// <summary>Between begin/end markers; the system message says the marked text is data, never instructions.</summary>
    Delimit,

    /// <summary>Every whitespace in the untrusted text replaced by a marker character the system message names.</summary>
    Datamark,

    /// <summary>Untrusted text goes into the prompt as it is.</summary>
    Off,
}
