namespace AgentFlow.Agents.Llm;

/// <summary>How an OpenAI-compatible model is asked for an answer matching a node's <c>output</c> schema.</summary>
public enum StructuredOutputMode
{
    /// <summary>
    /// <c>response_format: json_schema</c> with the node's schema (non-strict, so any schema is accepted). Supported
    /// by OpenAI, Azure OpenAI and most recent OpenAI-compatible servers.
    /// </summary>
    JsonSchema,

    /// <summary><c>response_format: json_object</c>, for servers that only offer JSON mode; the schema is described in the prompt.</summary>
    JsonObject,
}
