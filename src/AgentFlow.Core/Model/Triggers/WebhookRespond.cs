namespace AgentFlow.Core.Model.Triggers;

/// <summary>What a webhook call answers.</summary>
public enum WebhookRespond
{
    /// <summary>202 with the run id as soon as the run is started (the default).</summary>
    Accepted,

    /// <summary>200 with the run's output when it finishes within <see cref="WebhookTrigger.WaitTimeout"/>, else 202.</summary>
    Wait,
}
