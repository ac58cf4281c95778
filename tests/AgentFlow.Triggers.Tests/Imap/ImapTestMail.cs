using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Triggers;
using MimeKit;

namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>Test mail and registrations.</summary>
internal static class ImapTestMail
{
    public static MimeMessage Text(string subject, string text = "Hello", string from = "ana@example.com", string? messageId = null, bool withMessageId = true)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Ana Example", from));
        message.To.Add(new MailboxAddress("Triage", "triage@example.com"));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.FromHours(1));
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Body = new TextPart("plain") { Text = text };
        if (!withMessageId)
        {
            message.Headers.Remove(HeaderId.MessageId);
        }

        return message;
    }

    /// <summary>A registration of an imap trigger for <paramref name="user"/>, whose password is in a fresh variable.</summary>
    public static TriggerRegistration Registration(DovecotFixture dovecot, string user, string password, string? moveTo = "Processed", ImapFilter? filter = null, int? port = null) =>
        Registration(dovecot.Host, port ?? dovecot.Port, user, password, moveTo, filter);

    /// <summary>A registration for unit tests (nothing listens).</summary>
    public static TriggerRegistration Registration() => Registration("127.0.0.1", 143, "u", "p", "Processed", null);

    private static TriggerRegistration Registration(string host, int port, string user, string password, string? moveTo, ImapFilter? filter)
    {
        var passwordEnv = "AF_IMAP_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(passwordEnv, password);
        var trigger = new ImapTrigger
        {
            Name = "inbox",
            JsonPath = "$.triggers.inbox",
            Host = host,
            Port = port,
            Security = ImapSecurity.None,
            Username = user,
            PasswordEnv = passwordEnv,
            MoveTo = moveTo,
            Filter = filter ?? new ImapFilter(),
            Poll = TimeSpan.FromMinutes(1),
        };
        var workflow = new WorkflowDefinition { Name = "triage", Start = "a", Nodes = new Dictionary<string, WorkflowNode>(), ContentHash = "00" };
        return new TriggerRegistration("/w/triage.json", workflow, trigger);
    }

    public static string PasswordEnv(TriggerRegistration registration) => ((ImapTrigger)registration.Trigger).PasswordEnv;
}
