using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Binds <see cref="AgentFlowEngineOptions"/> from configuration keys named as in <c>agentflow.json</c>:
/// <c>backend</c> (<c>sqlite</c> | <c>azure-storage</c>), <c>dataDirectory</c>, <c>durability</c> (<c>process</c> |
/// <c>full</c>), <c>azureStorage:connectionString</c>, <c>azureStorage:taskHubName</c>, <c>azureStorage:partitionCount</c>.
/// The names are read with the same parsers as everywhere else (the configuration binder would not take
/// <c>azure-storage</c> for an enum), and a value that cannot be read is a <see cref="ConfigurationException"/> naming
/// the setting. Unset and empty keys keep the defaults.
/// </summary>
public static class AgentFlowEngineOptionsBinder
{
    /// <summary>Binds from <paramref name="configuration"/>; errors name the setting as its layer spells it (<c>azureStorage.partitionCount</c>, <c>AGENTFLOW__BACKEND</c>).</summary>
    public static void Bind(AgentFlowEngineOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Bind(options, setting => configuration.Find(setting) is { } found ? (found.Value, found.Setting) : null);
    }

    /// <summary>
    /// Binds through <paramref name="find"/>, which returns a setting's value (setting named with dots) and the name to
    /// report it by, so a host with several layers can name the layer's spelling (e.g. an environment variable).
    /// </summary>
    public static void Bind(AgentFlowEngineOptions options, Func<string, (string Value, string Setting)?> find)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(find);
        if (find("backend") is { } backend)
        {
            options.Backend = BackendNames.Parse(backend.Value, backend.Setting);
        }

        if (find("dataDirectory") is { } data)
        {
            options.DataDirectory = data.Value;
        }

        if (find("durability") is { } durability)
        {
            options.Durability = Enum.TryParse<SqliteDurability>(durability.Value, ignoreCase: true, out var d) && Enum.IsDefined(d) && !char.IsAsciiDigit(durability.Value.TrimStart()[0])
                ? d
                : throw new ConfigurationException(durability.Setting, $"is '{durability.Value}'; use process or full");
        }

        if (find("azureStorage.connectionString") is { } connection)
        {
            options.AzureStorage.ConnectionString = connection.Value;
        }

        if (find("azureStorage.taskHubName") is { } hub)
        {
            options.AzureStorage.TaskHubName = hub.Value;
        }

        if (find("azureStorage.partitionCount") is { } partitions)
        {
            options.AzureStorage.PartitionCount = int.TryParse(partitions.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 16
                ? count
                : throw new ConfigurationException(partitions.Setting, $"is '{partitions.Value}'; give a whole number from 1 to 16");
        }
    }
}
