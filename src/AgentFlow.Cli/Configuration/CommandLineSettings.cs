using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// The configuration layer of a command's options (<c>--data-dir</c>, <c>--backend</c>): the last layer, and named
/// by its options in messages (<c>--backend: is 'postgres'; ...</c>).
/// </summary>
internal sealed class CommandLineSettings : ConfigurationProvider, IConfigurationSource, ISettingNames
{
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["backend"] = "--backend",
        ["dataDirectory"] = "--data-dir",
    };

    /// <summary>Holds the options given (null ones are not set).</summary>
    public CommandLineSettings(string? dataDirectory, string? backend)
    {
        if (dataDirectory is not null)
        {
            Data["dataDirectory"] = dataDirectory;
        }

        if (backend is not null)
        {
            Data["backend"] = backend;
        }
    }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <inheritdoc />
    public string? NameOf(string setting) => OptionNames.GetValueOrDefault(setting);
}
