using System.Net.Sockets;
using AgentFlow.Core.Model.Triggers;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace AgentFlow.Triggers.Imap;

/// <summary>One line saying what went wrong with an IMAP trigger's mailbox: where, as whom, and the server's reason.</summary>
internal static class ImapProblem
{
    public static string Describe(ImapTrigger trigger, Exception exception)
    {
        var where = $"{trigger.Host}:{trigger.EffectivePort}";
        var reason = OneLine(exception.Message);
        return exception switch
        {
            ImapProblemException => reason,
            AuthenticationException => $"login as '{trigger.Username}' at {where} failed: {reason} (check the user and the password in ${trigger.PasswordEnv})",
            SocketException socket => $"cannot connect to IMAP server {where} ({SecurityName(trigger.Security)}) as '{trigger.Username}': {reason} ({socket.SocketErrorCode}); check {trigger.JsonPath}.host/port and that the server runs",
            SslHandshakeException => $"TLS with IMAP server {where} failed for '{trigger.Username}': {reason}; check {trigger.JsonPath}.security",
            FolderNotFoundException missing => $"folder '{missing.FolderName}' does not exist for '{trigger.Username}' at {where}; create it or fix {trigger.JsonPath}.folder",
            ImapCommandException command => $"IMAP server {where} refused a command for '{trigger.Username}': {command.Response} {reason}",
            NotSupportedException => $"IMAP server {where} cannot do what {trigger.JsonPath} asks for '{trigger.Username}': {reason}",
            IOException or ImapProtocolException or ServiceNotConnectedException => $"connection to IMAP server {where} as '{trigger.Username}' lost: {reason}",
            TimeoutException or OperationCanceledException => $"IMAP server {where} did not answer in time for '{trigger.Username}': {reason}",
            _ => $"IMAP trigger at {where} as '{trigger.Username}' failed: {exception.GetType().Name}: {reason}",
        };
    }

    private static string SecurityName(ImapSecurity security) => security switch
    {
        ImapSecurity.Tls => "tls",
        ImapSecurity.StartTls => "startTls",
        _ => "none",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
