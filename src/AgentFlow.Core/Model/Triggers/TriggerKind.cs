namespace AgentFlow.Core.Model.Triggers;

/// <summary>What starts runs of a workflow by itself (the <c>kind</c> of an entry of <c>triggers</c>).</summary>
public enum TriggerKind
{
    /// <summary>A clock: <c>cron</c> or <c>every</c>, in a time zone.</summary>
    Schedule,

    /// <summary>Each new message of an IMAP mailbox folder.</summary>
    Imap,

    /// <summary>A signed HTTP POST to <c>/hooks/WORKFLOW/TRIGGER</c> on the server.</summary>
    Webhook,
}
