using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// The options a command uses, bound from <see cref="CliConfiguration"/>: engine settings <c>backend</c>,
/// <c>dataDirectory</c>, <c>durability</c>, <c>azureStorage.connectionString</c> / <c>taskHubName</c> /
/// <c>partitionCount</c> (<c>AGENTFLOW__BACKEND</c>, <c>AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT</c>, ...; <c>--backend</c>,
/// <c>--data-dir</c>) and <c>audit.keyFile</c>. Nothing is required for the embedded default. SMTP, memory and
/// allowPaths: see the other parts of this class.
/// </summary>
internal static partial class CliSettings
{
    /// <summary>The engine settings; <paramref name="dataDirectory"/> and <paramref name="backend"/> are the command-line options.</summary>
    public static AgentFlowEngineOptions Load(string? dataDirectory, string? backend) =>
        Engine(CliConfiguration.Build(dataDirectory, backend));

    private static AgentFlowEngineOptions Engine(Microsoft.Extensions.Configuration.IConfigurationRoot configuration)
    {
        var options = new AgentFlowEngineOptions();
        configuration.Bind("backend", (v, s) => BackendNames.Parse(v, s), v => options.Backend = v);
        configuration.Bind("dataDirectory", v => options.DataDirectory = v);
        configuration.Bind("durability", Durability, v => options.Durability = v);
        configuration.Bind("azureStorage.connectionString", v => options.AzureStorage.ConnectionString = v);
        configuration.Bind("azureStorage.taskHubName", v => options.AzureStorage.TaskHubName = v);
        configuration.Bind("azureStorage.partitionCount", CliConfiguration.Integer(1, 16, "give a whole number from 1 to 16"), v => options.AzureStorage.PartitionCount = v);
        options.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
        return options;
    }

    /// <summary>The approvals audit log's settings: <c>audit.keyFile</c> in <c>agentflow.json</c>, then <c>AGENTFLOW__AUDIT__KEYFILE</c>.</summary>
    public static AuditLogOptions LoadAudit()
    {
        var options = new AuditLogOptions();
        CliConfiguration.Build().Bind("audit.keyFile", v => options.KeyFile = v);
        return options;
    }

    private static SqliteDurability Durability(string text, string setting) =>
        Enum.TryParse<SqliteDurability>(text, ignoreCase: true, out var durability) && Enum.IsDefined(durability) && !int.TryParse(text, out _)
            ? durability
            : throw new ConfigurationException(setting, $"is '{text}'; use process or full");
}
