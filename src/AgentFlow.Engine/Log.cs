using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine;

/// <summary>
/// Log messages of the engine assembly (event ids 1001-1099 the embedded backend, 2001-2099 runs, 2201-2299 retention, 2901-2999 telemetry export). Run messages come
/// from orchestrations through replay-safe loggers (category <see cref="Runs.RunNames.LogCategory"/>), so a replayed step logs nothing
/// twice. Inputs, outputs and shown values are never logged, only ids, kinds and error messages.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "This process now runs the task hub in {Database}")]
    public static partial void BecameOwner(ILogger logger, string database);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "This process lost the task hub lease of {Database}; another process runs it now")]
    public static partial void LostOwnership(ILogger logger, string database);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Task hub background step '{Step}' failed; retrying")]
    public static partial void BackgroundFailed(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {RunId} started: workflow '{Workflow}'")]
    public static partial void RunStarted(ILogger logger, string runId, string workflow);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Run {RunId} waits for {Kind} at '{Node}'")]
    public static partial void RunWaiting(ILogger logger, string runId, string kind, string node);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Run {RunId} completed: {Nodes} node executions")]
    public static partial void RunCompleted(ILogger logger, string runId, int nodes);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, string runId, string error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Run {RunId} node '{Node}' ({Kind}) failed: {Error}")]
    public static partial void NodeFailed(ILogger logger, string runId, string node, string kind, string error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Run {RunId} node '{Node}' ({Kind}) started, visit {Visit}")]
    public static partial void NodeStarted(ILogger logger, string runId, string node, string kind, int visit);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Run {RunId} node '{Node}' ({Kind}) completed")]
    public static partial void NodeCompleted(ILogger logger, string runId, string node, string kind);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Run {RunId} continues at '{Node}' after the {Kind} wait")]
    public static partial void RunResumed(ILogger logger, string runId, string kind, string node);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Run {RunId}: the approval {Report} report for '{Node}' (audit, notification) failed: {Error}; the approval goes on")]
    public static partial void ApprovalReportFailed(ILogger logger, string runId, string report, string node, string error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "A watcher of instance {InstanceId} failed on its change notice; the change is committed")]
    public static partial void ChangeHandlerFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Node and run spans keep random span ids: this runtime's Activity (System.Diagnostics.DiagnosticSource {Version}) has no settable span id field, so spans made by node executors are not linked to their node span")]
    public static partial void SpanIdNotSet(ILogger logger, string version);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Retention on: completed runs kept {Completed}, failed and cancelled runs kept {Failed}, purged every {Interval}")]
    public static partial void RetentionOn(ILogger logger, string completed, string failed, string interval);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Retention purged {Runs} finished runs ({Instances} instances), {LedgerEntries} ledger entries and {Definitions} definitions")]
    public static partial void RetentionPurged(ILogger logger, int runs, int instances, int ledgerEntries, int definitions);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Retention could not purge finished runs; it tries again at the next interval")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2901, Level = LogLevel.Debug, Message = "Telemetry on: {Traces} and {Metrics} to {Endpoint} over {Protocol}, as service '{ServiceName}'")]
    public static partial void TelemetryExporting(ILogger logger, string traces, string metrics, Uri endpoint, string protocol, string serviceName);
}
