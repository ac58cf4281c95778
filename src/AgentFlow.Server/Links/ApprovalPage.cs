using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Server.Links;

/// <summary>
/// The server-rendered pages behind approval links: plain HTML and one inline style sheet (allowed by its hash in the
/// Content-Security-Policy), no scripts, native form controls (usable by keyboard), readable at phone width.
/// </summary>
internal static class ApprovalPage
{
    /// <summary>The style sheet; its hash is in <see cref="ContentSecurityPolicy"/>, so it must not vary.</summary>
    private const string Style = """
        *{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1b;background:#f6f6f6}
        main{max-width:40rem;margin:0 auto;background:#fff;padding:1rem 1.25rem;border:1px solid #ddd;border-radius:6px}
        h1{font-size:1.3rem;margin:0 0 .5rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem;overflow-wrap:anywhere}
        input[type=text],input[type=number],textarea{width:100%;font:inherit;padding:.45rem;border:1px solid #888;border-radius:4px}
        input[type=checkbox]{width:1.4rem;height:1.4rem;vertical-align:middle}textarea{min-height:5rem}
        .meta{color:#555;font-size:.9rem;overflow-wrap:anywhere}.error{background:#fde8e8;border:1px solid #c00;padding:.5rem;border-radius:4px}
        .actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.25rem}
        button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:4px;border:2px solid #1b1b1b;cursor:pointer}
        .approve{background:#0b6b2f;color:#fff;border-color:#0b6b2f}.reject{background:#fff;color:#a00;border-color:#a00}
        :focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
        """;

    /// <summary>Scripts, frames, plug-ins, fonts, images: none; the one style sheet by hash; forms post only here.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The decision form for <paramref name="wait"/>: each shown value as a field typed like it, a comment and the two buttons.</summary>
    public static string Form(string runId, string operatorName, WaitInfo wait, DateTimeOffset expiresAt, string token, string pageNonce, string check, IReadOnlyDictionary<string, string>? entered = null, string? error = null)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h1>Approval needed: {E(wait.Node)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Run <b>{E(runId)}</b>. You decide as <b>{E(operatorName)}</b>. ")
            .Append(CultureInfo.InvariantCulture, $"This link works once, until {E(expiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))}")
            .Append(wait.Until is { } until ? $"; the approval times out at {E(until.ToString("u", CultureInfo.InvariantCulture))}." : ".")
            .Append(wait.Quorum is > 1 ? $" {wait.Quorum} approvals are needed; {wait.Votes?.Count(v => v.Approved) ?? 0} so far." : string.Empty)
            .Append("</p>");
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{E(error)}</p>");
        }

        // HTML drops one line break right after <textarea>, so each starts with one and a value's own first line break
        // survives. The form's first submit button is disabled: Enter in a field then submits nothing (no decision by
        // accident); only the Approve and Reject buttons do.
        html.Append("<form method=\"post\" action=\"../approve\">")
            .Append("<button type=\"submit\" disabled hidden aria-hidden=\"true\"></button>")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"token\" value=\"{E(token)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"page\" value=\"{E(pageNonce)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"check\" value=\"{E(check)}\">");
        var index = 0;
        foreach (var (name, value) in wait.Show as JsonObject ?? [])
        {
            var id = $"f{index++}";
            var field = ApprovalForm.FieldName(name);
            var label = $"<label for=\"{id}\">{E(name)}</label>";
            var text = entered?.GetValueOrDefault(field);
            switch (value?.GetValueKind())
            {
                case JsonValueKind.Number:
                    html.Append(label).Append(CultureInfo.InvariantCulture, $"<input type=\"number\" step=\"any\" inputmode=\"decimal\" id=\"{id}\" name=\"{E(field)}\" value=\"{E(text ?? value!.ToJsonString())}\" required>");
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    var on = entered is null ? value!.GetValue<bool>() : text == "true";
                    html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" name=\"{E(field)}\" value=\"true\"{(on ? " checked" : string.Empty)}> {E(name)}</label>");
                    break;
                default:
                    var current = text ?? ApprovalForm.Text(value);
                    html.Append(label).Append(current.Length > 60 || current.Contains('\n', StringComparison.Ordinal) || value is JsonObject or JsonArray
                        ? $"<textarea id=\"{id}\" name=\"{E(field)}\">\n{E(current)}</textarea>"
                        : $"<input type=\"text\" id=\"{id}\" name=\"{E(field)}\" value=\"{E(current)}\">");
                    break;
            }
        }

        return Document("Approval needed", html
            .Append("<label for=\"comment\">Comment (optional)</label>")
            .Append(CultureInfo.InvariantCulture, $"<textarea id=\"comment\" name=\"comment\">\n{E(entered?.GetValueOrDefault("comment") ?? string.Empty)}</textarea>")
            .Append("<div class=\"actions\"><button type=\"submit\" class=\"approve\" name=\"decision\" value=\"approve\">Approve</button>")
            .Append("<button type=\"submit\" class=\"reject\" name=\"decision\" value=\"reject\">Reject</button></div></form>")
            .ToString());
    }

    /// <summary>A page that says what happened (decided, refused) and what to do next.</summary>
    public static string Message(string title, string text, string? next = null) =>
        Document(title, $"<h1>{E(title)}</h1><p>{E(text)}</p>{(next is null ? string.Empty : $"<p class=\"meta\">{E(next)}</p>")}");

    private static string Document(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">"
        + "<meta name=\"robots\" content=\"noindex, nofollow\">"
        + $"<title>{E(title)} - AgentFlow</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
