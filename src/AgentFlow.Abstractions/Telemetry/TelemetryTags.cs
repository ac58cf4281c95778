namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Attribute names of AgentFlow's spans and metrics: the OpenTelemetry GenAI semantic conventions for model calls
/// (<c>gen_ai.*</c>) and AgentFlow's own (<c>agentflow.*</c>) for runs, nodes, approvals and budgets.
/// </summary>
public static class TelemetryTags
{
    /// <summary><c>chat</c>, <c>embeddings</c> or <c>execute_tool</c>.</summary>
    public const string GenAiOperation = "gen_ai.operation.name";

    /// <summary>The provider (<c>openai</c>, <c>azure.ai.openai</c>, <c>agentflow.local</c>).</summary>
    public const string GenAiProvider = "gen_ai.provider.name";

    /// <summary>The model asked for (the provider's model id).</summary>
    public const string GenAiRequestModel = "gen_ai.request.model";

    /// <summary>The model that answered, when the provider says.</summary>
    public const string GenAiResponseModel = "gen_ai.response.model";

    /// <summary><c>maxTokens</c> of the request.</summary>
    public const string GenAiRequestMaxTokens = "gen_ai.request.max_tokens";

    /// <summary><c>temperature</c> of the request.</summary>
    public const string GenAiRequestTemperature = "gen_ai.request.temperature";

    /// <summary>Input (prompt) tokens of the call.</summary>
    public const string GenAiInputTokens = "gen_ai.usage.input_tokens";

    /// <summary>Output (completion) tokens of the call.</summary>
    public const string GenAiOutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>Why the model stopped (array of strings).</summary>
    public const string GenAiFinishReasons = "gen_ai.response.finish_reasons";

    /// <summary>The agent that made the call.</summary>
    public const string GenAiAgentName = "gen_ai.agent.name";

    /// <summary>A tool the model called.</summary>
    public const string GenAiToolName = "gen_ai.tool.name";

    /// <summary><c>input</c> or <c>output</c> on the token-usage histogram.</summary>
    public const string GenAiTokenType = "gen_ai.token.type";

    /// <summary>The prompt (only when content capture is on).</summary>
    public const string GenAiInputMessages = "gen_ai.input.messages";

    /// <summary>The answer (only when content capture is on).</summary>
    public const string GenAiOutputMessages = "gen_ai.output.messages";

    /// <summary>The run id (the top-level run).</summary>
    public const string RunId = "agentflow.run.id";

    /// <summary>The workflow's name.</summary>
    public const string Workflow = "agentflow.workflow";

    /// <summary>The node id, qualified by map item.</summary>
    public const string NodeId = "agentflow.node.id";

    /// <summary>The node kind.</summary>
    public const string NodeKind = "agentflow.node.kind";

    /// <summary>Visit number of the node (cycles).</summary>
    public const string Iteration = "agentflow.node.iteration";

    /// <summary>Attempts made (retries).</summary>
    public const string Attempts = "agentflow.node.attempts";

    /// <summary><c>completed</c>, <c>failed</c>, <c>approved</c>, <c>rejected</c>, ...</summary>
    public const string Outcome = "agentflow.outcome";

    /// <summary>Cost of a call or a node, in <see cref="Currency"/>.</summary>
    public const string Cost = "agentflow.cost";

    /// <summary>Currency of <see cref="Cost"/>.</summary>
    public const string Currency = "agentflow.currency";

    /// <summary>Who decided an approval.</summary>
    public const string DecidedBy = "agentflow.approval.decided_by";

    /// <summary>How long an approval waited, in seconds.</summary>
    public const string WaitSeconds = "agentflow.approval.wait_s";

    /// <summary>The limit a budget pause is about (<c>tokens</c>, <c>cost</c>, ...).</summary>
    public const string BudgetLimit = "agentflow.budget.limit";

    /// <summary>The tool a node or a model called.</summary>
    public const string Tool = "agentflow.tool";

    /// <summary>The tool's risk.</summary>
    public const string ToolRisk = "agentflow.tool.risk";

    /// <summary>An agent (memory namespace, budget scope).</summary>
    public const string Agent = "agentflow.agent";

    /// <summary>A retrieval source.</summary>
    public const string Source = "agentflow.source";

    /// <summary>How many results a retrieval or recall returned.</summary>
    public const string Results = "agentflow.results";

    /// <summary>The durable backend (<c>sqlite</c>, <c>azure-storage</c>).</summary>
    public const string Backend = "agentflow.backend";

    /// <summary>Name of the span event recorded on a node's span for each guard finding.</summary>
    public const string GuardFindingEvent = "agentflow.guard.finding";

    /// <summary>The guard check of a finding (<c>injection</c>, <c>pii</c>, ... <c>classifier</c>); also on a classifier's model-call span.</summary>
    public const string GuardCheck = "agentflow.guard.check";

    /// <summary>The rule id of a guard finding (<c>pii.email</c>, <c>injection.ignore-instructions</c>); never the matched text.</summary>
    public const string GuardRule = "agentflow.guard.rule";

    /// <summary>The action of a guard finding (<c>flag</c>, <c>redact</c>, <c>block</c>, <c>approve</c>).</summary>
    public const string GuardAction = "agentflow.guard.action";

    /// <summary>The score an injection classifier gave (0..1).</summary>
    public const string GuardScore = "agentflow.guard.score";
}
