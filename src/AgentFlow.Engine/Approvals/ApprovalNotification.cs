using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The message that tells one approver a run waits for them: the shown values as readable lines (text) and a table
/// (HTML), the deadline, the link that decides in the browser (when the server's public URL is known: a link for this
/// approver only, single use, expiring) and the commands that decide. Its Message-Id is derived from the run, node, event and
/// approver, so a notification sent twice (an activity that ran again) is recognisably the same message.
/// </summary>
internal static class ApprovalNotification
{
    public static MailMessage Create(ApprovalEvent approvalEvent, string recipient, NotificationOptions options, Uri? link = null)
    {
        var escalated = approvalEvent.Kind == ApprovalEventKind.Escalation;
        var message = new MailMessage(new MailAddress(options.From), new MailAddress(recipient))
        {
            Subject = $"[AgentFlow] {(escalated ? "Escalated: " : string.Empty)}approval needed: {approvalEvent.RunId} / {approvalEvent.Node}",
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            Body = Text(approvalEvent, link),
        };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(Html(approvalEvent, link), Encoding.UTF8, MediaTypeNames.Text.Html));
        message.Headers.Add("Message-Id", MessageId(approvalEvent, recipient));
        message.Headers.Add("X-AgentFlow-Run", approvalEvent.RunId);
        return message;
    }

    private static string Text(ApprovalEvent e, Uri? link)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {e.RunId} waits for your decision at '{e.Node}'.")
            .AppendLine(Deadline(e))
            .AppendLine();
        foreach (var (name, value) in e.Show)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {Readable(value)}");
        }

        if (link is not null)
        {
            text.AppendLine()
                .AppendLine("To review and decide in your browser (this link is yours alone, works once and expires):")
                .AppendLine(CultureInfo.InvariantCulture, $"  {link.AbsoluteUri}");
        }

        return text
            .AppendLine()
            .AppendLine("To decide from a terminal:")
            .AppendLine(CultureInfo.InvariantCulture, $"  agentflow approve {e.RunId} {e.Node} [--comment TEXT] [--set FIELD=VALUE]")
            .AppendLine(CultureInfo.InvariantCulture, $"  agentflow reject {e.RunId} {e.Node} --comment TEXT")
            .ToString();
    }

    private static string Html(ApprovalEvent e, Uri? link)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
            .Append(CultureInfo.InvariantCulture, $"<p>Run <b>{WebUtility.HtmlEncode(e.RunId)}</b> waits for your decision at <b>{WebUtility.HtmlEncode(e.Node)}</b>.</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(Deadline(e))}</p><table>");
        foreach (var (name, value) in e.Show)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{WebUtility.HtmlEncode(name)}</th><td>{WebUtility.HtmlEncode(Readable(value))}</td></tr>");
        }

        html.Append("</table>");
        if (link is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(link.AbsoluteUri)}\">Review and decide in your browser</a> (this link is yours alone, works once and expires).</p>");
        }

        return html
            .Append("<p>To decide from a terminal:</p><pre>")
            .Append(WebUtility.HtmlEncode($"agentflow approve {e.RunId} {e.Node} [--comment TEXT] [--set FIELD=VALUE]\nagentflow reject {e.RunId} {e.Node} --comment TEXT"))
            .Append("</pre></body></html>")
            .ToString();
    }

    private static string Deadline(ApprovalEvent e) =>
        e.Until is { } until ? string.Create(CultureInfo.InvariantCulture, $"Decide before {until:u}.") : "There is no deadline.";

    /// <summary>A string as itself, a number or boolean as written, anything else as compact JSON; null as "(none)".</summary>
    private static string Readable(JsonNode? value) => value switch
    {
        null => "(none)",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };

    private static string MessageId(ApprovalEvent e, string recipient)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{e.RunId}\n{e.Node}\n{e.Kind}\n{recipient}"));
        return $"<{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@agentflow>";
    }
}
