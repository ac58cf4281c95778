namespace AgentFlow.Core.Model;

/// <summary>How often, and how patiently, a failed activity node is retried.</summary>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="Backoff">Delay before the first retry; doubles per retry.</param>
public sealed record RetryPolicy(int MaxRetries, TimeSpan Backoff);
