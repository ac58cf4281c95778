namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>Tests that share one Dovecot (each with mailboxes of its own).</summary>
[CollectionDefinition(Name)]
public sealed class DovecotTests : ICollectionFixture<DovecotFixture>
{
    public const string Name = "dovecot";
}
