using Microsoft.Extensions.Logging;

namespace AgentFlow.Agents;

/// <summary>Log messages of the agents assembly (event ids 3001-3099). API keys and prompts are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Method} {Endpoint} answered {Status}; retry {Retry} of {MaxRetries} in {DelayMs} ms")]
    public static partial void RetryingModelRequest(ILogger logger, string method, string endpoint, int status, int retry, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Node {NodeId}: model '{Model}' ({Provider}) request {Request}")]
    public static partial void CallingModel(ILogger logger, string nodeId, string model, string provider, int request);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Node {NodeId}: the answer did not match the output schema; asking model '{Model}' once to repair it")]
    public static partial void RepairingStructuredOutput(ILogger logger, string nodeId, string model);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Node {NodeId}: model called tool '{Tool}' ({Risk})")]
    public static partial void InvokingTool(ILogger logger, string nodeId, string tool, AgentFlow.Core.Model.ToolRisk risk);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Node {NodeId}: model asked for high-risk tool '{Tool}'; returned as a request for approval instead of calling it")]
    public static partial void ToolCallNeedsApproval(ILogger logger, string nodeId, string tool);
}
