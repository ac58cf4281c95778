using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;

namespace AgentFlow.Memory.Telemetry;

/// <summary>
/// The telemetry of one embedder's calls: a span <c>embeddings MODEL</c> per call (OpenTelemetry GenAI conventions;
/// parent the current activity, which a node executor sets to its own span), input tokens and duration metrics, the
/// call's cost from the <see cref="PriceTable"/> (a model listed by its id or by the embedder's name; the local
/// embedder is free unless listed), and the call added to the node's <see cref="EmbeddingUsage"/>.
/// </summary>
internal sealed class EmbeddingMeter
{
    private static readonly ModelPrice Free = new(0m, 0m);
    private readonly string _provider;
    private readonly string _telemetryProvider;
    private readonly string _model;
    private readonly ModelPrice? _listed;
    private readonly ModelPrice? _price;
    private readonly string _currency;

    /// <summary>Creates the meter of an embedder.</summary>
    /// <param name="provider">The <c>memory.embedder</c> setting: <c>local</c>, <c>openai</c>, <c>azure-openai</c>.</param>
    /// <param name="model">The model id requests name (the local embedder's name for <c>local</c>).</param>
    /// <param name="name">The embedder's name (<c>openai:text-embedding-3-small</c>), also a key of the price table.</param>
    /// <param name="prices">Model prices; none when null.</param>
    public EmbeddingMeter(string provider, string model, string name, PriceTable? prices)
    {
        prices ??= PriceTable.Empty;
        _provider = provider;
        _telemetryProvider = provider switch
        {
            "local" => "agentflow.local",
            "azure-openai" => "azure.ai.openai",
            _ => provider,
        };
        _model = model;
        _listed = prices.Find(model, name);
        _price = _listed ?? (provider == "local" ? Free : null);
        _currency = prices.Currency;
    }

    /// <summary>Starts the span of one call (null when nobody listens) and returns the start time.</summary>
    public (Activity? Span, long Started) Start()
    {
        var span = AgentFlowTelemetry.Source.StartActivity($"embeddings {_model}", ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryTags.GenAiOperation, "embeddings");
            span.SetTag(TelemetryTags.GenAiProvider, _telemetryProvider);
            span.SetTag(TelemetryTags.GenAiRequestModel, _model);
            if (EmbeddingUsage.Current?.Agent is { } agent)
            {
                span.SetTag(TelemetryTags.GenAiAgentName, agent);
            }
        }

        return (span, Stopwatch.GetTimestamp());
    }

    /// <summary>Records a finished call of <paramref name="inputTokens"/> tokens and ends its span.</summary>
    public void Completed(Activity? span, long started, long inputTokens)
    {
        var cost = _price?.Cost(inputTokens, 0);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryTags.GenAiInputTokens, inputTokens);
            if (cost is { } c)
            {
                span.SetTag(TelemetryTags.Cost, (double)c);
                span.SetTag(TelemetryTags.Currency, _currency);
            }
        }

        span?.Dispose();
        var usage = EmbeddingUsage.Current;
        usage?.Add(_provider, _model, inputTokens, cost, _currency);
        if (AgentFlowMetrics.TokenUsage.Enabled)
        {
            AgentFlowMetrics.TokenUsage.Record(inputTokens, [.. Tags(usage), new(TelemetryTags.GenAiTokenType, "input")]);
        }

        if (AgentFlowMetrics.ModelCallDuration.Enabled)
        {
            AgentFlowMetrics.ModelCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Tags(usage));
        }

        if (cost is { } priced && _listed is not null && AgentFlowMetrics.Cost.Enabled)
        {
            AgentFlowMetrics.Cost.Add((double)priced, [.. Tags(usage), new(TelemetryTags.Currency, _currency)]);
        }
    }

    /// <summary>Records a failed call and ends its span.</summary>
    public void Failed(Activity? span, long started, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        span?.SetTag("error.type", exception.GetType().FullName);
        span?.Dispose();
        if (AgentFlowMetrics.ModelCallDuration.Enabled)
        {
            AgentFlowMetrics.ModelCallDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds, [.. Tags(EmbeddingUsage.Current), new("error.type", exception.GetType().FullName)]);
        }
    }

    private KeyValuePair<string, object?>[] Tags(EmbeddingUsage? usage) =>
    [
        new(TelemetryTags.GenAiOperation, "embeddings"),
        new(TelemetryTags.GenAiProvider, _telemetryProvider),
        new(TelemetryTags.GenAiRequestModel, _model),
        new(TelemetryTags.GenAiAgentName, usage?.Agent),
    ];
}
