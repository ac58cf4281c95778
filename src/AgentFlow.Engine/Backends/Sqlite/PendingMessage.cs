using DurableTask.Core;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>A message stored in the <c>messages</c> table and held in memory until a work item consumes it.</summary>
internal sealed record PendingMessage(long Id, string InstanceId, DateTime VisibleAt, TaskMessage Message);
