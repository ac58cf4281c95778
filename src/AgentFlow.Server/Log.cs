using Microsoft.Extensions.Logging;

namespace AgentFlow.Server;

/// <summary>
/// Log messages of the server (event ids 4001-4099). Operators appear by name; tokens, inputs, shown values and request
/// bodies are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "AgentFlow server listening on {Urls}; workflows from {Folder}")]
    public static partial void Listening(ILogger logger, string urls, string folder);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Operator} started run {RunId} of workflow '{Workflow}'")]
    public static partial void RunStarted(ILogger logger, string @operator, string runId, string workflow);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "{Operator} cancelled run {RunId}")]
    public static partial void RunCancelled(ILogger logger, string @operator, string runId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Authentication failed from {Client}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Too many failed authentications from {Client}; refusing for now")]
    public static partial void AuthenticationThrottled(ILogger logger, string client);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Run watcher poll failed; retrying")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Event subscriber {Subscriber} joined ({Count} now)")]
    public static partial void SubscriberJoined(ILogger logger, int subscriber, int count);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Event subscriber {Subscriber} is too slow; oldest events dropped")]
    public static partial void SubscriberLagging(ILogger logger, int subscriber);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    public static partial void Unexpected(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "{Operator} resolved effect {Key} as {Resolution}")]
    public static partial void EffectResolved(ILogger logger, string @operator, string key, string resolution);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "{Operator} forgot {Count} memories of agent '{Agent}'")]
    public static partial void MemoryForgotten(ILogger logger, string @operator, int count, string agent);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "{Operator} signed in to the console from {Client}")]
    public static partial void ConsoleSignedIn(ILogger logger, string @operator, string client);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "{Operator} signed out of the console")]
    public static partial void ConsoleSignedOut(ILogger logger, string @operator);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Refused {Method} {Path} of {Operator}'s console session: no valid CSRF token")]
    public static partial void CsrfRefused(ILogger logger, string @operator, string method, string path);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Webhook {Trigger} refused a call from {Client}: {Reason}")]
    public static partial void WebhookRefused(ILogger logger, string trigger, string client, string reason);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error, Message = "Webhook {Trigger} cannot check signatures: the environment variable {SecretEnv} is not set")]
    public static partial void WebhookMisconfigured(ILogger logger, string trigger, string secretEnv);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Webhook {Trigger} fired run {RunId} (new: {Started})")]
    public static partial void WebhookFired(ILogger logger, string trigger, string runId, bool started);
}
