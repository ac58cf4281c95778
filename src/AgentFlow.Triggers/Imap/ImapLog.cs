using Microsoft.Extensions.Logging;

namespace AgentFlow.Triggers.Imap;

/// <summary>
/// Log messages of the IMAP trigger (event ids 5201-5249). Never a password or a mail's content: ids, keys, UIDs,
/// hosts and the server's answers only.
/// </summary>
internal static partial class ImapLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Trigger {Trigger}: signed in as {User} at {Host}:{Port}, watching '{Folder}' ({Mode})")]
    public static partial void Watching(ILogger logger, string trigger, string user, string host, int port, string folder, string mode);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Trigger {Trigger}: mail UID {Uid} (key {Key}) fired run {RunId} (new: {Started})")]
    public static partial void Fired(ILogger logger, string trigger, uint uid, string key, string runId, bool started);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Trigger {Trigger}: {Problem}; retrying in {Backoff}")]
    public static partial void Problem(ILogger logger, string trigger, string problem, TimeSpan backoff, Exception? exception);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Trigger {Trigger}: mail UID {Uid} (key {Key}) left unmarked: {Error}")]
    public static partial void InputRefused(ILogger logger, string trigger, uint uid, string key, string error);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Trigger {Trigger} is paused; its mail waits")]
    public static partial void Paused(ILogger logger, string trigger);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Debug, Message = "Trigger {Trigger}: waiting for mail ({Mode})")]
    public static partial void Waiting(ILogger logger, string trigger, string mode);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Debug, Message = "Trigger {Trigger}: disconnect failed: {Error}")]
    public static partial void DisconnectFailed(ILogger logger, string trigger, string error);
}
