using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// Binds <see cref="ToolPolicyOptions"/> from the optional <c>tools</c> object of <c>agentflow.json</c>
/// (<c>{ "strict": false, "mcp": { "allowCommands": [] }, "http": { "allowHosts": [] }, "email": { "allowDomains": [] } }</c>),
/// then <c>AGENTFLOW__TOOLS__STRICT</c> and <c>AGENTFLOW__TOOLS__HTTP__ALLOWHOSTS__0</c>, <c>__1</c>, ... (an indexed
/// variable replaces the file's entry at that index or adds one). A list that is present, even empty, is a ceiling.
/// </summary>
public static class ToolPolicyOptionsBinder
{
    /// <summary>Binds <paramref name="options"/> from <paramref name="configuration"/> and checks every entry.</summary>
    /// <exception cref="ConfigurationException">A value cannot be read; the message names the setting and entry.</exception>
    public static void Bind(ToolPolicyOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Bind(ToolPolicyOptions.StrictSetting, Boolean, v => options.Strict = v);
        options.McpAllowCommands = List(configuration, ToolPolicyOptions.McpAllowCommandsSetting) ?? options.McpAllowCommands;
        options.HttpAllowHosts = List(configuration, ToolPolicyOptions.HttpAllowHostsSetting) ?? options.HttpAllowHosts;
        options.EmailAllowDomains = List(configuration, ToolPolicyOptions.EmailAllowDomainsSetting) ?? options.EmailAllowDomains;
        _ = ToolPolicy.From(options);
    }

    private static bool Boolean(string text, string setting) =>
        bool.TryParse(text, out var value) ? value : throw new ConfigurationException(setting, $"is '{text}'; use true or false");

    // A JSON array binds as section children "0", "1", ...; an empty array as a key without a value, which is still a
    // ceiling (nothing allowed), so presence is checked on the parent.
    private static List<string>? List(IConfiguration configuration, string setting)
    {
        var key = setting.Replace('.', ':');
        var section = configuration.GetSection(key);
        var parent = configuration.GetSection(key[..key.LastIndexOf(':')]);
        if (!section.Exists() && !parent.GetChildren().Any(c => string.Equals(c.Key, section.Key, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var entries = new List<string>();
        foreach (var entry in section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
        {
            var name = $"{setting}[{entry.Key}]";
            var found = configuration.Find($"{setting}.{entry.Key}");
            var value = found?.Value ?? entry.Value;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ConfigurationException(found is { } f && f.Setting != $"{setting}.{entry.Key}" ? f.Setting : name, "is empty; give a value, or remove the entry");
            }

            entries.Add(value.Trim());
        }

        if (entries.Count == 0 && section.Value is { Length: > 0 } single)
        {
            throw new ConfigurationException(setting, $"is '{single}'; it is a list: write a JSON array in agentflow.json, or {ConfigurationSettings.EnvironmentPrefix}{setting.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant()}__0, __1, ... in the environment");
        }

        return entries;
    }
}
