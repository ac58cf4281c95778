using AgentFlow.Engine.Approvals;
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
        AgentFlowEngineOptionsBinder.Bind(options, setting => configuration.Find(setting) is { } found ? (found.Value, found.Setting) : null);
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
}
