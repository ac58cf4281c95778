using System.Diagnostics;
using Microsoft.SemanticKernel;

namespace AgentFlow.Agents.Llm;

/// <summary>One model call's span and clock (see <see cref="ChatTelemetry.StartCall"/>); disposing ends both.</summary>
internal sealed class ChatCall(ChatTelemetry telemetry, Activity? span, long startTimestamp) : IDisposable
{
    private string? _errorType;

    /// <summary>Records the answer's tokens and finish reason; returns the call's cost (null when unpriced).</summary>
    public decimal? Complete(ChatMessageContent answer, int inputTokens, int outputTokens, string? finishReason) =>
        telemetry.Completed(span, answer, inputTokens, outputTokens, finishReason);

    /// <summary>Marks the call failed.</summary>
    public void Fail(Exception exception)
    {
        _errorType = exception.GetType().FullName;
        span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        span?.SetTag("error.type", _errorType);
    }

    /// <summary>Ends the span and records the duration.</summary>
    public void Dispose()
    {
        span?.Dispose();
        telemetry.Ended(startTimestamp, _errorType);
    }
}
