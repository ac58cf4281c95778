using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Core.Model;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The telemetry of one <c>llm</c> node execution: a span per model call (OpenTelemetry GenAI conventions, parent the
/// node visit's span), a span per tool call the node runs, the token, duration and cost metrics, and the price of a
/// call. Prompt and answer go on a span only when <see cref="LlmOptions.CaptureContent"/> is on.
/// </summary>
internal sealed class ChatTelemetry(ChatModel model, string agent, int? maxTokens, double? temperature, ActivityContext parent, PriceTable prices, bool captureContent)
{
    private const string ToolCallId = "gen_ai.tool.call.id";

    private readonly ModelPrice? _listed = prices.Find(model.RequestModel, model.Definition.Name);

    // The local model is free unless the table prices it.
    private ModelPrice? Price => _listed ?? (model.IsLocal ? Free : null);

    private static readonly ModelPrice Free = new(0m, 0m);

    /// <summary>Whether calls have a price (then <see cref="Currency"/> applies).</summary>
    public bool Priced => Price is not null;

    /// <summary>Currency of the costs.</summary>
    public string Currency => prices.Currency;

    /// <summary>The agent making the calls.</summary>
    public string Agent => agent;

    /// <summary>The parent of the node's spans: the node visit's span, or the current activity when there is none.</summary>
    public ActivityContext Parent => parent;

    /// <summary>Starts the span and the clock of one model call about to send <paramref name="history"/>.</summary>
    public ChatCall StartCall(ChatHistory history)
    {
        var span = AgentFlowTelemetry.Source.StartActivity($"chat {model.RequestModel}", ActivityKind.Client, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryTags.GenAiOperation, "chat");
            span.SetTag(TelemetryTags.GenAiProvider, ModelProviders.TelemetryName(model.Definition.Provider));
            span.SetTag(TelemetryTags.GenAiRequestModel, model.RequestModel);
            span.SetTag(TelemetryTags.GenAiAgentName, agent);
            if (maxTokens is { } max)
            {
                span.SetTag(TelemetryTags.GenAiRequestMaxTokens, max);
            }

            if (temperature is { } t)
            {
                span.SetTag(TelemetryTags.GenAiRequestTemperature, t);
            }

            if (captureContent)
            {
                span.SetTag(TelemetryTags.GenAiInputMessages, GenAiMessages.Input(history));
            }
        }

        return new ChatCall(this, span, Stopwatch.GetTimestamp());
    }

    /// <summary>Starts the span of a tool call the node runs for the model (null when nobody listens).</summary>
    public Activity? StartTool(string tool, string? callId, ToolRisk risk)
    {
        var span = AgentFlowTelemetry.Source.StartActivity($"execute_tool {tool}", ActivityKind.Internal, parent);
        span?.SetTag(TelemetryTags.GenAiOperation, "execute_tool");
        span?.SetTag(TelemetryTags.GenAiToolName, tool);
        span?.SetTag(ToolCallId, callId);
        span?.SetTag(TelemetryTags.GenAiAgentName, agent);
        span?.SetTag(TelemetryTags.ToolRisk, risk.ToString().ToLowerInvariant());
        return span;
    }

    /// <summary>Records a finished call: span attributes, token and cost metrics; returns its cost (null when unpriced).</summary>
    internal decimal? Completed(Activity? span, ChatMessageContent answer, int inputTokens, int outputTokens, string? finishReason)
    {
        var cost = Price?.Cost(inputTokens, outputTokens);
        if (span is { IsAllDataRequested: true })
        {
            if (ResponseModel(answer) is { } responseModel)
            {
                span.SetTag(TelemetryTags.GenAiResponseModel, responseModel);
            }

            span.SetTag(TelemetryTags.GenAiInputTokens, inputTokens);
            span.SetTag(TelemetryTags.GenAiOutputTokens, outputTokens);
            if (finishReason is not null)
            {
                span.SetTag(TelemetryTags.GenAiFinishReasons, new[] { finishReason });
            }

            if (cost is { } c)
            {
                span.SetTag(TelemetryTags.Cost, (double)c);
                span.SetTag(TelemetryTags.Currency, prices.Currency);
            }

            if (captureContent)
            {
                span.SetTag(TelemetryTags.GenAiOutputMessages, GenAiMessages.Output(answer, finishReason));
            }
        }

        if (AgentFlowMetrics.TokenUsage.Enabled)
        {
            var tags = Tags();
            AgentFlowMetrics.TokenUsage.Record(inputTokens, [.. tags, new(TelemetryTags.GenAiTokenType, "input")]);
            AgentFlowMetrics.TokenUsage.Record(outputTokens, [.. tags, new(TelemetryTags.GenAiTokenType, "output")]);
        }

        if (cost is { } priced && _listed is not null && AgentFlowMetrics.Cost.Enabled)
        {
            var tags = Tags();
            AgentFlowMetrics.Cost.Add((double)priced, [.. tags, new(TelemetryTags.Currency, prices.Currency)]);
        }

        return cost;
    }

    /// <summary>Records the duration of a call, with <c>error.type</c> when it failed.</summary>
    internal void Ended(long startTimestamp, string? errorType)
    {
        if (!AgentFlowMetrics.ModelCallDuration.Enabled)
        {
            return;
        }

        var tags = Tags();
        if (errorType is not null)
        {
            tags = [.. tags, new("error.type", errorType)];
        }

        AgentFlowMetrics.ModelCallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    private KeyValuePair<string, object?>[] Tags() =>
    [
        new(TelemetryTags.GenAiOperation, "chat"),
        new(TelemetryTags.GenAiProvider, ModelProviders.TelemetryName(model.Definition.Provider)),
        new(TelemetryTags.GenAiRequestModel, model.RequestModel),
        new(TelemetryTags.GenAiAgentName, agent),
    ];

    // The OpenAI connector keeps the SDK's completion, which names the model that answered.
    private static string? ResponseModel(ChatMessageContent answer) => answer.InnerContent switch
    {
        OpenAI.Chat.ChatCompletion completion when !string.IsNullOrEmpty(completion.Model) => completion.Model,
        _ => answer.ModelId,
    };
}
