namespace AgentFlow.Core.Model.Triggers;

/// <summary>A mailbox of a message, as a trigger mapping reads it (<c>message.from.name</c>, <c>message.to[0].address</c>).</summary>
/// <param name="Name">The display name ("" when the header has none).</param>
/// <param name="Address">The address, e.g. <c>ana@example.com</c>.</param>
public sealed record ImapAddress(string Name, string Address);
