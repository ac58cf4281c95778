using Microsoft.Extensions.Logging;

namespace AgentFlow.Triggers;

/// <summary>Log messages of the triggers assembly (event ids 5001-5099). Inputs and message bodies are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Trigger {Trigger} registered ({Kind}, {File})")]
    public static partial void Registered(ILogger logger, string trigger, string kind, string file);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Trigger {Trigger} unregistered")]
    public static partial void Unregistered(ILogger logger, string trigger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Workflow file {File} is skipped: {Problem}")]
    public static partial void InvalidFile(ILogger logger, string file, string problem);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Trigger {Trigger} started run {RunId} ({Summary})")]
    public static partial void Fired(ILogger logger, string trigger, string runId, string summary);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Trigger {Trigger}: run {RunId} of {Summary} exists already; nothing started")]
    public static partial void AlreadyStarted(ILogger logger, string trigger, string runId, string summary);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Trigger {Trigger}: {Problem}")]
    public static partial void Problem(ILogger logger, string trigger, string problem);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Trigger {Trigger}: tick {Key} skipped ({Reason})")]
    public static partial void TickSkipped(ILogger logger, string trigger, string key, string reason);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Trigger {Trigger}: tick {Key} buffered until run {RunId} finishes")]
    public static partial void TickBuffered(ILogger logger, string trigger, string key, string runId);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Trigger {Trigger}: tick {Key} failed: {Error}")]
    public static partial void TickFailed(ILogger logger, string trigger, string key, string error);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Trigger {Trigger}: catching up on tick {Key}")]
    public static partial void CatchingUp(ILogger logger, string trigger, string key);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Trigger {Trigger}: its runner stopped unexpectedly")]
    public static partial void RunnerCrashed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Rescanning the workflows folder {Folder} failed")]
    public static partial void RescanFailed(ILogger logger, string folder, Exception exception);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Trigger {Trigger} {Action} by {Operator}")]
    public static partial void PauseChanged(ILogger logger, string trigger, string action, string @operator);
}
