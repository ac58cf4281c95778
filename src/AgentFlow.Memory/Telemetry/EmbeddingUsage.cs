using System.Text.Json.Nodes;

namespace AgentFlow.Memory.Telemetry;

/// <summary>
/// The embedding calls made while a node runs: a node executor begins a scope, the embedders (shared singletons, called
/// deep inside retrieval and memory stores) add each call to the scope that flows with the async context, and the node
/// reports the sum as its output's <c>usage</c>. The scope also names the agent for the calls' metrics and spans.
/// </summary>
internal sealed class EmbeddingUsage : IDisposable
{
    private static readonly AsyncLocal<EmbeddingUsage?> Active = new();
    private readonly EmbeddingUsage? _previous;
    private readonly Lock _lock = new();
    private int _calls;
    private long _tokens;
    private decimal? _cost;
    private string? _currency;
    private string? _model;
    private string? _provider;

    private EmbeddingUsage(string? agent)
    {
        Agent = agent;
        _previous = Active.Value;
        Active.Value = this;
    }

    /// <summary>The scope of the node running in this async context, or null outside one.</summary>
    public static EmbeddingUsage? Current => Active.Value;

    /// <summary>The agent whose node makes the calls; null for <c>retrieve</c>.</summary>
    public string? Agent { get; }

    /// <summary>Embedding calls so far.</summary>
    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    /// <summary>Starts counting the calls of a node of <paramref name="agent"/>; dispose to stop.</summary>
    public static EmbeddingUsage Begin(string? agent) => new(agent);

    /// <summary>Adds one call (indexing embeds chunks in parallel, so calls may arrive concurrently).</summary>
    public void Add(string provider, string model, long tokens, decimal? cost, string currency)
    {
        lock (_lock)
        {
            _calls++;
            _tokens += tokens;
            _model ??= model;
            _provider ??= provider;
            if (cost is { } c)
            {
                _cost = (_cost ?? 0m) + c;
                _currency ??= currency;
            }
        }
    }

    /// <summary>
    /// <c>{ promptTokens, completionTokens: 0, calls, cost, currency, model, provider, agent }</c> (no cost when
    /// unpriced, no agent for <c>retrieve</c>), or null when no embedding call was made.
    /// </summary>
    public JsonObject? ToJson()
    {
        lock (_lock)
        {
            if (_calls == 0)
            {
                return null;
            }

            // An int like the llm node's counts, so readers of either get the same number type before serialization.
            JsonNode tokens = _tokens <= int.MaxValue ? JsonValue.Create((int)_tokens) : JsonValue.Create(_tokens);
            var usage = new JsonObject { ["promptTokens"] = tokens, ["completionTokens"] = 0, ["calls"] = _calls };
            if (_cost is { } cost)
            {
                usage["cost"] = cost;
                usage["currency"] = _currency;
            }

            usage["model"] = _model;
            usage["provider"] = _provider;
            if (Agent is not null)
            {
                usage["agent"] = Agent;
            }

            return usage;
        }
    }

    /// <summary>Ends the scope.</summary>
    public void Dispose() => Active.Value = _previous;
}
