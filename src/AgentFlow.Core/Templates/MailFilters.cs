using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>
/// Template filters that read a sender in code, so no model has to: <c>email_address</c> and <c>email_domain</c>.
/// A workflow can then decide "is this a colleague?" from the address itself, which no text in the mail can change.
/// </summary>
internal static partial class MailFilters
{
    public static void Register(TemplateOptions options)
    {
        options.Filters.AddFilter("email_address", static (input, _, _) => new StringValue(Address(input.ToStringValue())));
        options.Filters.AddFilter("email_domain", static (input, _, _) => new StringValue(Domain(input.ToStringValue())));
    }

    /// <summary>
    /// The address in <c>Ann Lee &lt;ann@example.com&gt;</c>, <c>ann@example.com</c> or a whole mail (its header block's
    /// <c>From:</c> line), lower-cased; empty when there is none. Of a mailbox with a display name, the address in the
    /// last angle brackets counts: the display name is free text a sender writes, so an address inside it is ignored.
    /// </summary>
    public static string Address(string text)
    {
        var line = FromLine(text) ?? text.Trim();
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var angled = AngleAddress().Matches(line);
        var match = angled.Count > 0 ? angled[^1].Groups["address"] : BareAddress().Match(line) is { Success: true } bare ? bare.Groups["address"] : null;
        return match?.Value.ToLowerInvariant() ?? string.Empty;
    }

    /// <summary>The domain of an address (what follows its last '@'), lower-cased; empty when it has none.</summary>
    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? string.Empty : address[(at + 1)..].Trim().TrimEnd('>').ToLowerInvariant();
    }

    /// <summary>The value of the <c>From:</c> header of a mail's header block (the lines before the first blank line); null when the text has none.</summary>
    private static string? FromLine(string text)
    {
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase))
            {
                return line[5..].Trim();
            }
        }

        return null;
    }

    [GeneratedRegex(@"<\s*(?<address>[^<>@\s]+@[^<>@\s]+?)\s*>")]
    private static partial Regex AngleAddress();

    [GeneratedRegex(@"(?<address>[^<>@\s""',;:()]+@[A-Za-z0-9.-]+[A-Za-z0-9])")]
    private static partial Regex BareAddress();
}
