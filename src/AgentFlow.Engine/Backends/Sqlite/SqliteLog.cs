using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>Log messages of the embedded backend.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "This process now runs the task hub in {Database}")]
    public static partial void BecameOwner(ILogger logger, string database);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "This process lost the task hub lease of {Database}; another process runs it now")]
    public static partial void LostOwnership(ILogger logger, string database);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Task hub background step '{Step}' failed; retrying")]
    public static partial void BackgroundFailed(ILogger logger, string step, Exception exception);
}
