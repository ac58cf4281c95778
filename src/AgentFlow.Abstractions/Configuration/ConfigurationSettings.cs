using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace AgentFlow.Abstractions.Configuration;

/// <summary>
/// Reads AgentFlow settings from a layered <see cref="IConfiguration"/> (agentflow.json, then <c>AGENTFLOW__*</c>
/// environment variables, then command-line options; later layers win key by key). Settings are named with dots as in
/// agentflow.json (<c>azureStorage.partitionCount</c>); an empty value is no value; and a value that cannot be read is a
/// <see cref="ConfigurationException"/> naming the setting the way its layer spells it, so the user knows where to fix it.
/// </summary>
public static class ConfigurationSettings
{
    /// <summary>The prefix of AgentFlow's environment variables (<c>AGENTFLOW__BACKEND</c>).</summary>
    public const string EnvironmentPrefix = "AGENTFLOW__";

    /// <summary>The value of <paramref name="setting"/> from the last layer that has a non-empty one, or null.</summary>
    public static ConfiguredValue? Find(this IConfiguration configuration, string setting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(setting);
        return configuration.FindKey(setting.Replace('.', ':'), setting);
    }

    /// <summary>
    /// The value at configuration <paramref name="key"/> (<c>:</c>-separated, for names that hold dots themselves, such
    /// as a model id <c>gpt-4.1</c>), reported as <paramref name="setting"/> in agentflow.json's spelling; null when empty.
    /// </summary>
    public static ConfiguredValue? FindKey(this IConfiguration configuration, string key, string setting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(setting);
        if (configuration is not IConfigurationRoot root)
        {
            return configuration[key] is { Length: > 0 } value ? new ConfiguredValue(value, setting) : null;
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return new ConfiguredValue(value, NameIn(provider, setting, key));
            }
        }

        return null;
    }

    /// <summary>Applies <paramref name="read"/> (value, setting name) to the setting's value when it has one.</summary>
    public static void Bind<T>(this IConfiguration configuration, string setting, Func<string, string, T> read, Action<T> apply)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(apply);
        if (configuration.Find(setting) is { } found)
        {
            apply(read(found.Value, found.Setting));
        }
    }

    /// <summary>Applies a text setting when it has a value.</summary>
    public static void Bind(this IConfiguration configuration, string setting, Action<string> apply) =>
        configuration.Bind(setting, static (value, _) => value, apply);

    /// <summary>A reader of whole numbers from <paramref name="min"/> to <paramref name="max"/>; other values fail naming the setting and <paramref name="hint"/>.</summary>
    public static Func<string, string, int> WholeNumber(int min, int max, string hint) => (text, setting) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(setting, $"is '{text}'; {hint}");

    private static string NameIn(IConfigurationProvider provider, string setting, string key) => provider switch
    {
        EnvironmentVariablesConfigurationProvider => EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(),
        ISettingNames names when names.NameOf(setting) is { } name => name,
        _ => setting,
    };
}
