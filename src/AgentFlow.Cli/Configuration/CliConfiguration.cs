using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// The one configuration of a command: <c>agentflow.json</c> (checked by <see cref="ConfigurationFile"/>), then
/// <c>AGENTFLOW__*</c> environment variables, then the <c>--data-dir</c> / <c>--backend</c> options, later layers
/// overriding earlier ones key by key. An empty value is no value (an empty <c>AGENTFLOW__BACKEND</c> keeps the file's).
/// A bad value is reported with the setting's name as its layer spells it (<c>azureStorage.partitionCount</c>,
/// <c>AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT</c>, <c>--backend</c>), so the user knows where to fix it.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>The prefix of AgentFlow's environment variables.</summary>
    public const string EnvironmentPrefix = "AGENTFLOW__";

    private static readonly Lazy<byte[]?> File = new(() => ConfigurationFile.Read(Console.Error));

    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["backend"] = "--backend",
        ["dataDirectory"] = "--data-dir",
    };

    /// <summary>
    /// The layers; <paramref name="dataDirectory"/> and <paramref name="backend"/> are the command-line options (null
    /// when not given). The file is read once per process.
    /// </summary>
    public static IConfigurationRoot Build(string? dataDirectory = null, string? backend = null)
    {
        var builder = new ConfigurationBuilder();
        if (File.Value is { } bytes)
        {
            builder.AddJsonStream(new MemoryStream(bytes, writable: false));
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var options = new Dictionary<string, string?>();
        if (dataDirectory is not null)
        {
            options["dataDirectory"] = dataDirectory;
        }

        if (backend is not null)
        {
            options["backend"] = backend;
        }

        return builder.AddInMemoryCollection(options).Build();
    }

    /// <summary>The value of <paramref name="setting"/> (dotted, as in agentflow.json) from the last layer that has a non-empty one.</summary>
    public static ConfiguredValue? Find(this IConfigurationRoot configuration, string setting)
    {
        var key = setting.Replace('.', ':');
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return new ConfiguredValue(value, NameIn(provider, setting, key));
            }
        }

        return null;
    }

    /// <summary>Applies <paramref name="read"/> to the setting's value when it has one; its errors name the setting.</summary>
    public static void Bind<T>(this IConfigurationRoot configuration, string setting, Func<string, string, T> read, Action<T> apply)
    {
        if (configuration.Find(setting) is { } found)
        {
            apply(read(found.Value, found.Setting));
        }
    }

    /// <summary>Applies a text setting when it has a value.</summary>
    public static void Bind(this IConfigurationRoot configuration, string setting, Action<string> apply) =>
        configuration.Bind(setting, (value, _) => value, apply);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or an error naming the setting.</summary>
    public static Func<string, string, int> Integer(int min, int max, string hint) => (text, setting) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(setting, $"is '{text}'; {hint}");

    private static string NameIn(IConfigurationProvider provider, string setting, string key) => provider switch
    {
        EnvironmentVariablesConfigurationProvider => EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(),
        MemoryConfigurationProvider when OptionNames.TryGetValue(setting, out var option) => option,
        _ => setting,
    };
}
