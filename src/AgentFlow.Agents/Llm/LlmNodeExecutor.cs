using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Runs <c>llm</c> nodes through Semantic Kernel chat completion, for every provider (<c>local</c>, <c>openai</c>,
/// <c>azure-openai</c>): the agent's <c>instructions</c> as system message, the rendered prompt as user message,
/// <c>temperature</c> and <c>maxTokens</c> as request settings.
/// </summary>
/// <remarks>
/// <para><b>Output.</b> <c>{ text, usage, exchange }</c>, or with an <c>output</c> schema the validated object plus
/// <c>usage</c> and <c>exchange</c> (a schema whose root is not an object gives <c>{ value, ... }</c>). <c>usage</c> is
/// <c>{ promptTokens, completionTokens, calls, cost, currency, model, provider, agent }</c>: tokens summed over the
/// model calls of this execution (<c>calls</c>: tool-call rounds and the schema repair are calls too) as the provider
/// reports them (the <c>local</c> model counts with its own token rule), <c>cost</c> their price from the host's
/// <see cref="PriceTable"/> (absent when the model has no price; <c>local</c> is free unless priced), <c>model</c> the
/// workflow's model name and <c>agent</c> the node's agent; <c>exchange</c> is
/// <c>{ messages, response, finishReason, requests }</c>, the full conversation, stored with the run so a replay never
/// calls the model again.</para>
/// <para><b>Structured output.</b> OpenAI-compatible models are asked for JSON (<see cref="LlmOptions.StructuredOutput"/>)
/// and the answer is validated against the schema (JsonSchema.Net). An invalid answer gets one repair request (the
/// answer and the validation errors, asking for corrected JSON only); a second invalid answer fails the node with the
/// first errors. The <c>local</c> model builds its answer from the schema.</para>
/// <para><b>Tools.</b> The node's <c>tools</c> are offered as functions with one object parameter <c>args</c>. Calls of
/// low- and medium-risk tools run through the tool kind (each with its own idempotency key, node id
/// <c>NODE.tool[NAME:HASH]</c>) and their results go back to the model, for at most
/// <see cref="LlmOptions.MaxToolRounds"/> rounds. A call of a high-risk tool never runs here: the node ends with
/// <c>requests: [{ tool, args, id }]</c> for the workflow to route to an approval node. Nodes with tools always have
/// <c>requests</c> (empty when none).</para>
/// <para><b>Telemetry.</b> Every model call is a span <c>chat MODEL</c> (OpenTelemetry GenAI conventions: provider,
/// request and response model, tokens, finish reasons, agent, cost) under the node visit's span
/// (<see cref="NodeExecutionContext.TraceParent"/>), every tool call the node runs a span <c>execute_tool NAME</c>, the
/// agent's automatic recall a span <c>memory.recall</c>; tokens, call durations and cost are recorded on
/// <see cref="AgentFlowMetrics"/>. Prompts and answers go on spans only when content capture is on.</para>
/// </remarks>
public sealed partial class LlmNodeExecutor : INodeExecutor, IDisposable
{
    private readonly LlmOptions _options;
    private readonly Func<string, IToolKind?> _toolKinds;
    private readonly ChatModelFactory _models;
    private readonly EndpointProbe _probe;
    private readonly ILogger _logger;
    private readonly IAgentMemory? _memory;
    private readonly PriceTable _prices;

    /// <summary>Creates the executor with default <see cref="LlmOptions"/> and no tool kinds (nodes offering tools fail the check).</summary>
    public LlmNodeExecutor()
        : this(new LlmOptions())
    {
    }

    /// <summary>Creates the executor.</summary>
    /// <param name="options">Timeouts, retries, tool rounds and pre-run checks.</param>
    /// <param name="toolKinds">
    /// The tool kind implementing a <c>kind</c> (e.g. <c>code</c>, <c>email</c>), or <see langword="null"/> when
    /// unavailable; calls made by the model run through it. <see langword="null"/>: no tools.
    /// </param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="memory">Agents' memories: an agent with <c>memory.recall: k</c> gets its k most relevant ones in context.</param>
    /// <param name="prices">Model prices for the <c>cost</c> of calls; none when <see langword="null"/>.</param>
    public LlmNodeExecutor(
        LlmOptions options, Func<string, IToolKind?>? toolKinds = null, ILoggerFactory? loggerFactory = null, IAgentMemory? memory = null, PriceTable? prices = null)
    {
        _memory = memory;
        _prices = prices ?? PriceTable.Empty;
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _toolKinds = toolKinds ?? (static _ => null);
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<LlmNodeExecutor>();
        _models = new ChatModelFactory(options, loggerFactory);
        _probe = new EndpointProbe(options.ConnectTimeout, options.EndpointCheckCacheDuration);
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Llm;

    /// <summary>
    /// Before a run: the model's settings (provider, <c>model</c>, <c>baseUrl</c>, <c>apiKeyEnv</c> and its variable),
    /// that its endpoint accepts a TCP connection, that the <c>output</c> schema compiles, and that every offered
    /// tool's kind is available. One message per problem, naming the setting (<c>models.NAME.apiKeyEnv: ...</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (node is not LlmNode llm)
        {
            return [];
        }

        var problems = new List<string>();
        if (ModelOf(workflow, llm) is { } model)
        {
            problems.AddRange(ModelProviders.Problems(model, _options.GetEnvironmentVariable));
            if (problems.Count == 0 && _options.CheckEndpoints && ModelProviders.Endpoint(model) is { } endpoint
                && await _probe.ProblemAsync(endpoint, cancellationToken).ConfigureAwait(false) is { } unreachable)
            {
                var setting = string.IsNullOrWhiteSpace(model.BaseUrl) ? $"models.{model.Name} (default baseUrl {endpoint})" : $"models.{model.Name}.baseUrl";
                problems.Add($"{setting}: {unreachable}");
            }
        }

        if (llm.Output is { } output && OutputSchema.TryFor(output, out var schemaProblem) is null)
        {
            problems.Add($"output: not a usable JSON Schema ({schemaProblem})");
        }

        for (var i = 0; i < llm.Tools.Count; i++)
        {
            if (!workflow.Tools.TryGetValue(llm.Tools[i], out var tool))
            {
                continue;
            }

            if (_toolKinds(tool.Kind) is { } kind)
            {
                problems.AddRange((await kind.CheckAsync(tool, cancellationToken).ConfigureAwait(false)).Select(p => $"tools[{i}] ('{tool.Name}'): {p}"));
            }
            else
            {
                problems.Add($"tools[{i}]: tool '{tool.Name}' has kind '{tool.Kind}', and '{tool.Kind}' tools cannot be called by llm nodes in this build");
            }
        }

        return problems;
    }

    /// <summary>Releases the HTTP client of the remote models.</summary>
    public void Dispose() => _models.Dispose();

    private static ModelDefinition? ModelOf(WorkflowDefinition workflow, LlmNode node) =>
        workflow.Agents.TryGetValue(node.Agent, out var agent) && workflow.Models.TryGetValue(agent.Model, out var model) ? model : null;

    private static void Validate(LlmOptions options)
    {
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LlmOptions.RequestTimeout must be positive.");
        }

        if (options.MaxRetries < 0 || options.MaxToolRounds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LlmOptions.MaxRetries and MaxToolRounds cannot be negative.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LlmOptions delays cannot be negative and ConnectTimeout must be positive.");
        }

        ArgumentNullException.ThrowIfNull(options.GetEnvironmentVariable, "options.GetEnvironmentVariable");
    }
}
