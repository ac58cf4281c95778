namespace AgentFlow.Agents.Llm;

/// <summary>Settings of <c>llm</c> nodes: HTTP timeouts and retries of model calls, tool rounds and pre-run checks.</summary>
public sealed class LlmOptions
{
    /// <summary>
    /// How long one HTTP request to a model may take, response body included. Default 100 seconds. A request that
    /// times out is not retried: the node fails (its own <c>retry</c> policy may run it again).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after an HTTP 429 or 5xx answer (so at most this + 1 requests). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The first retry delay when the server sends no <c>Retry-After</c>; doubled for every further retry. Default 1 second.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry. A <c>Retry-After</c> asking for more is not waited for: the answer is
    /// reported as the node's error instead. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many rounds of tool calls one node execution may make before it fails. Default 5.</summary>
    public int MaxToolRounds { get; set; } = 5;

    /// <summary>How structured output (a node's <c>output</c> schema) is asked of OpenAI-compatible models. Default <see cref="StructuredOutputMode.JsonSchema"/>.</summary>
    public StructuredOutputMode StructuredOutput { get; set; } = StructuredOutputMode.JsonSchema;

    /// <summary>Whether the pre-run check opens a TCP connection to each model endpoint. Default <see langword="true"/>.</summary>
    public bool CheckEndpoints { get; set; } = true;

    /// <summary>How long the pre-run endpoint check waits for a TCP connection. Default 2 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the result of an endpoint check is reused. Default 1 minute.</summary>
    public TimeSpan EndpointCheckCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether model-call spans carry the prompt and the answer (<c>gen_ai.input.messages</c>,
    /// <c>gen_ai.output.messages</c>). Off by default: prompts hold users' data. Bound from the setting
    /// <c>telemetry.captureContent</c> by <c>AddAgents</c>.
    /// </summary>
    internal bool CaptureContent { get; set; }

    /// <summary>
    /// Reads an environment variable (API keys are named by a model's <c>apiKeyEnv</c>). Default
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>; tests replace it instead of changing the process environment.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
