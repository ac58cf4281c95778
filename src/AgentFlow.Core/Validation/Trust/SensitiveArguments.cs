using System.Text.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Trust;

/// <summary>
/// Which arguments of a tool are consequential (the recipient, the URL, the amount: what chooses the effect), and which
/// of them the tool's own allow-list bounds whatever the data says.
/// </summary>
public static class SensitiveArguments
{
    private static readonly string[] Recipients = ["to", "cc", "bcc"];

    /// <summary>
    /// The tool's sensitive argument names: its <c>sensitive</c> list when it declares one, else the kind's default
    /// (<c>email</c>: to, cc, bcc; <c>http</c>: the args its <c>url</c> template reads; <c>code</c>: none). Null means
    /// every argument: an <c>mcp</c> tool without a list, whose calls are all consequential (the server decides what
    /// an argument does).
    /// </summary>
    public static IReadOnlyList<string>? Of(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (tool.Sensitive is { } declared)
        {
            return declared;
        }

        return tool.Kind switch
        {
            "email" => Recipients,
            "http" => UrlArguments(tool),
            "mcp" => null,
            _ => [],
        };
    }

    /// <summary>
    /// True when the tool's allow-list bounds <paramref name="argument"/>: an <c>email</c> tool with <c>allowDomains</c>
    /// refuses any recipient outside them, so an injected address can at worst reach a colleague. An <c>http</c> tool's
    /// <c>allowHosts</c> bounds only the host, not which resource on it a URL names, so its URL arguments stay sensitive.
    /// </summary>
    public static bool IsBounded(ToolDefinition tool, string argument)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.Kind == "email" && Recipients.Contains(argument, StringComparer.Ordinal)
            && tool.Settings.ValueKind == JsonValueKind.Object
            && tool.Settings.TryGetProperty("allowDomains", out var domains)
            && domains.ValueKind == JsonValueKind.Array && domains.GetArrayLength() > 0;
    }

    private static string[] UrlArguments(ToolDefinition tool)
    {
        if (tool.Settings.ValueKind != JsonValueKind.Object || !tool.Settings.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            return [];
        }

        var parsed = TemplateSyntax.ParseTemplate(url.GetString()!);
        return [.. parsed.Reads.Where(r => !r.ViaLoop).Select(r => r.Root).Distinct(StringComparer.Ordinal)];
    }
}
