using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// <see cref="ToolPolicyOptions"/> parsed once: the checks the tool kinds run before a run starts (one line naming the
/// tool and the host setting) and again when they are called.
/// </summary>
internal sealed class ToolPolicy
{
    private ToolPolicy(bool strict, IReadOnlyList<McpCommandRule>? commands, HttpHostCeiling http, IReadOnlyList<string>? domains)
    {
        Strict = strict;
        Commands = commands;
        Http = http;
        Domains = domains;
    }

    /// <summary>No ceilings, not strict: what a host gets when it configures nothing.</summary>
    public static ToolPolicy Open { get; } = new(false, null, HttpHostCeiling.From(null, strict: false), null);

    /// <summary>Whether <see cref="ToolPolicyOptions.Strict"/> is on.</summary>
    public bool Strict { get; }

    /// <summary>The parsed <c>tools.mcp.allowCommands</c>, or null when not set.</summary>
    public IReadOnlyList<McpCommandRule>? Commands { get; }

    /// <summary>The http tools' ceiling and address rules.</summary>
    public HttpHostCeiling Http { get; }

    /// <summary>The <c>tools.email.allowDomains</c> entries, or null when not set.</summary>
    public IReadOnlyList<string>? Domains { get; }

    /// <summary>Parses <paramref name="options"/>.</summary>
    /// <exception cref="ConfigurationException">An entry cannot be used; the message names the setting and the entry.</exception>
    public static ToolPolicy From(ToolPolicyOptions? options)
    {
        if (options is null)
        {
            return Open;
        }

        List<McpCommandRule>? commands = null;
        if (options.McpAllowCommands is { } entries)
        {
            commands = [];
            for (var i = 0; i < entries.Count; i++)
            {
                commands.Add(McpCommandRule.TryParse(entries[i] ?? string.Empty, out var rule, out var error)
                    ? rule!
                    : throw new ConfigurationException($"{ToolPolicyOptions.McpAllowCommandsSetting}[{i}]", error));
            }
        }

        List<string>? domains = null;
        if (options.EmailAllowDomains is { } list)
        {
            domains = [];
            for (var i = 0; i < list.Count; i++)
            {
                var domain = list[i]?.Trim() ?? string.Empty;
                domains.Add(domain.Length > 0 && !domain.Contains('@', StringComparison.Ordinal) && !domain.Any(char.IsWhiteSpace)
                    ? domain
                    : throw new ConfigurationException($"{ToolPolicyOptions.EmailAllowDomainsSetting}[{i}]", $"is '{list[i]}'; write a domain such as example.com"));
            }
        }

        return new ToolPolicy(options.Strict, commands, HttpHostCeiling.From(options.HttpAllowHosts, options.Strict), domains);
    }

    /// <summary>Why the <c>mcp</c> tool <paramref name="tool"/> may not start its server here, or null when it may.</summary>
    public string? McpRefusal(string tool, string command, IReadOnlyList<string> arguments, string commandLine)
    {
        if (Commands is null)
        {
            return Strict
                ? $"mcp tool '{tool}' starts '{commandLine}', but this host starts MCP servers only when the host setting {ToolPolicyOptions.McpAllowCommandsSetting} lists them (strict mode)"
                : null;
        }

        return Commands.Any(rule => rule.Allows(command, arguments))
            ? null
            : $"mcp tool '{tool}' starts '{commandLine}', which the host setting {ToolPolicyOptions.McpAllowCommandsSetting} does not allow ({Listed(Commands.Select(c => c.Entry))})";
    }

    /// <summary>Why the <c>allowDomains</c> entry <paramref name="domain"/> of email tool <paramref name="tool"/> is beyond the ceiling, or null.</summary>
    public string? EmailDomainRefusal(string tool, string domain) =>
        Domains is null || Domains.Contains(domain, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"email tool '{tool}' allows domain '{domain}', which is beyond the host setting {ToolPolicyOptions.EmailAllowDomainsSetting} ({Listed(Domains)})";

    /// <summary>Why a message to <paramref name="address"/> (in <paramref name="domain"/>) is refused by the ceiling, or null.</summary>
    public string? EmailRecipientRefusal(string tool, string address, string domain) =>
        Domains is null || Domains.Contains(domain, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"email tool '{tool}': {address} is not in a domain the host allows (host setting {ToolPolicyOptions.EmailAllowDomainsSetting}: {Listed(Domains)}); nothing was sent";

    /// <summary>Entries for a message; "none" for an empty list.</summary>
    public static string Listed(IEnumerable<string> entries) => string.Join(", ", entries) is { Length: > 0 } text ? text : "none";
}
