namespace AgentFlow.Core.Model.Triggers;

/// <summary>Which messages of the folder start runs.</summary>
/// <param name="Unseen">Only messages without the \Seen flag (default true).</param>
/// <param name="From">Only messages whose From contains this text.</param>
/// <param name="Subject">Only messages whose Subject contains this text.</param>
public sealed record ImapFilter(bool Unseen = true, string? From = null, string? Subject = null);
