using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// Reads and checks the extra headers of an <c>email</c> tool call (<c>args.headers</c>, an object of name to string,
/// e.g. <c>{ "List-Unsubscribe": "&lt;mailto:...&gt;" }</c>). Values come from templates and may carry untrusted text,
/// so a name must be an RFC 5322 field name, a value must not contain a line break (header injection), and headers
/// the tool writes itself (addresses, subject, ids, MIME structure) cannot be set or overridden.
/// </summary>
internal static class EmailHeaders
{
    /// <summary>At most this many extra headers per message.</summary>
    public const int MaxCount = 20;

    /// <summary>At most this many characters per value (RFC 5322 caps a line at 998 octets; MIME folds longer ones).</summary>
    public const int MaxValueLength = 900;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Sender", "Subject", "Date", "Message-Id", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Content-Disposition", "Content-Id", "Return-Path", "Received", EmailRequest.KeyHeader,
    };

    /// <summary>The headers in <paramref name="value"/>, in order; every problem names the tool and the header.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(JsonNode? value, string tool)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not JsonObject headers)
        {
            throw new NodeExecutionException($"email tool '{tool}': args.headers must be an object of header name to text, e.g. {{ \"List-Unsubscribe\": \"<mailto:leave@example.com>\" }}");
        }

        if (headers.Count > MaxCount)
        {
            throw new NodeExecutionException($"email tool '{tool}': args.headers has {headers.Count} headers; at most {MaxCount} are allowed");
        }

        var result = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, node) in headers)
        {
            if (!IsFieldName(name))
            {
                throw new NodeExecutionException($"email tool '{tool}': args.headers has the name '{Printable(name)}', which is not a header name (letters, digits and punctuation other than ':', no spaces)");
            }

            if (Reserved.Contains(name))
            {
                throw new NodeExecutionException($"email tool '{tool}': args.headers may not set '{name}'; the tool writes it (use args.to, args.cc, args.subject, args.text or args.html)");
            }

            if (node is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                throw new NodeExecutionException($"email tool '{tool}': args.headers.{name} must be text");
            }

            if (text.Any(c => c is '\r' or '\n' or '\0'))
            {
                throw new NodeExecutionException($"email tool '{tool}': args.headers.{name} contains a line break, which could inject other headers; give the value on one line");
            }

            if (text.Length > MaxValueLength)
            {
                throw new NodeExecutionException($"email tool '{tool}': args.headers.{name} is {text.Length} characters long; at most {MaxValueLength} are allowed");
            }

            if (text.Trim().Length > 0)
            {
                result.Add(new(name, text.Trim()));
            }
        }

        return result;
    }

    // RFC 5322 3.6.8: field-name = 1*ftext, ftext = printable US-ASCII except ':'.
    private static bool IsFieldName(string name) => name.Length is > 0 and <= 76 && name.All(c => c is >= '!' and <= '~' && c != ':');

    private static string Printable(string name) => string.Concat(name.Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString()));
}
