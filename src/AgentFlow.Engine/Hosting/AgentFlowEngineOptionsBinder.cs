using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Backends;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Binds <see cref="AgentFlowEngineOptions"/> from configuration keys named as in <c>agentflow.json</c>:
/// <c>backend</c> (<c>sqlite</c> | <c>azure-storage</c>), <c>dataDirectory</c>, <c>durability</c> (<c>process</c> |
/// <c>full</c>), <c>maxConcurrentActivities</c>, <c>maxConcurrentOrchestrations</c> and the <c>azureStorage</c> section:
/// <c>connectionString</c> or <c>accountName</c> / <c>blobServiceUri</c> / <c>queueServiceUri</c> / <c>tableServiceUri</c>
/// with <c>managedIdentityClientId</c>, <c>taskHubName</c>, <c>partitionCount</c>, <c>workerId</c>,
/// <c>maxQueuePollingInterval</c>, <c>partitionTableOperationTimeout</c>.
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

        BindAccount(options.AzureStorage, find);
        BindTuning(options, find);
    }

    private static void BindAccount(AzureStorageBackendOptions azure, Func<string, (string Value, string Setting)?> find)
    {
        if (find("azureStorage.accountName") is { } account)
        {
            azure.AccountName = account.Value;
        }

        azure.BlobServiceUri = Uri(find("azureStorage.blobServiceUri")) ?? azure.BlobServiceUri;
        azure.QueueServiceUri = Uri(find("azureStorage.queueServiceUri")) ?? azure.QueueServiceUri;
        azure.TableServiceUri = Uri(find("azureStorage.tableServiceUri")) ?? azure.TableServiceUri;
        if (find("azureStorage.managedIdentityClientId") is { } identity)
        {
            azure.ManagedIdentityClientId = identity.Value;
        }

        if (find("azureStorage.workerId") is { } worker)
        {
            azure.WorkerId = worker.Value;
        }
    }

    private static void BindTuning(AgentFlowEngineOptions options, Func<string, (string Value, string Setting)?> find)
    {
        options.AzureStorage.MaxQueuePollingInterval = Duration(find("azureStorage.maxQueuePollingInterval")) ?? options.AzureStorage.MaxQueuePollingInterval;
        options.AzureStorage.PartitionTableOperationTimeout = Duration(find("azureStorage.partitionTableOperationTimeout")) ?? options.AzureStorage.PartitionTableOperationTimeout;
        options.MaxConcurrentActivities = Count(find("maxConcurrentActivities")) ?? options.MaxConcurrentActivities;
        options.MaxConcurrentOrchestrations = Count(find("maxConcurrentOrchestrations")) ?? options.MaxConcurrentOrchestrations;
    }

    private static Uri? Uri((string Value, string Setting)? found) => found is not { } f
        ? null
        : System.Uri.TryCreate(f.Value, UriKind.Absolute, out var uri)
            ? uri
            : throw new ConfigurationException(f.Setting, $"is '{f.Value}'; give an absolute URI such as https://ACCOUNT.blob.core.windows.net/");

    // ISO 8601 (PT0.2S) as in workflow files, or .NET's hh:mm:ss(.fff) as environment variables often carry it.
    private static TimeSpan? Duration((string Value, string Setting)? found) => found is not { } f
        ? null
        : (IsoDuration.TryParse(f.Value, out var iso) || TimeSpan.TryParse(f.Value, CultureInfo.InvariantCulture, out iso)) && iso > TimeSpan.Zero
            ? iso
            : throw new ConfigurationException(f.Setting, $"is '{f.Value}'; give a positive duration such as PT1S or 00:00:01");

    private static int? Count((string Value, string Setting)? found) => found is not { } f
        ? null
        : int.TryParse(f.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new ConfigurationException(f.Setting, $"is '{f.Value}'; give a whole number of at least 1");
}
