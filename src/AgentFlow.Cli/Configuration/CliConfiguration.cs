using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

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
    private static readonly Lazy<byte[]?> File = new(() => ConfigurationFile.Read(Console.Error));

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

        builder.AddEnvironmentVariables(ConfigurationSettings.EnvironmentPrefix);
        builder.Add(new CommandLineSettings(dataDirectory, backend));
        return builder.Build();
    }
}
