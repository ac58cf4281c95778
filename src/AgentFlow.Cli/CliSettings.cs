using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Cli;

/// <summary>
/// Engine settings for a command: <c>agentflow.json</c> in the working directory (optional), then environment
/// variables <c>AGENTFLOW__BACKEND</c>, <c>AGENTFLOW__DATADIRECTORY</c>, <c>AGENTFLOW__AZURESTORAGE__CONNECTIONSTRING</c>,
/// <c>AGENTFLOW__AZURESTORAGE__TASKHUBNAME</c>, <c>AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT</c>, <c>AGENTFLOW__AUDIT__KEYFILE</c>, then command-line options. Nothing is required for the embedded default.
/// SMTP settings: see <c>CliSettings.Smtp.cs</c>.
/// </summary>
internal static partial class CliSettings
{
    public const string FileName = "agentflow.json";

    public static AgentFlowEngineOptions Load(string? dataDirectory, string? backend)
    {
        var options = new AgentFlowEngineOptions();
        if (ReadRoot() is { } root)
        {
            ReadFile(root, options);
        }

        Env("BACKEND", v => options.Backend = BackendNames.Parse(v, "AGENTFLOW__BACKEND"));
        Env("DATADIRECTORY", v => options.DataDirectory = v);
        Env("AZURESTORAGE__CONNECTIONSTRING", v => options.AzureStorage.ConnectionString = v);
        Env("AZURESTORAGE__TASKHUBNAME", v => options.AzureStorage.TaskHubName = v);
        Env("AZURESTORAGE__PARTITIONCOUNT", v => options.AzureStorage.PartitionCount = Integer("AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT", v));
        options.Backend = backend is null ? options.Backend : BackendNames.Parse(backend, "--backend");
        options.DataDirectory = dataDirectory ?? options.DataDirectory;
        options.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
        return options;
    }

    /// <summary>The root object of <c>agentflow.json</c> in the working directory, or null when there is none.</summary>
    private static JsonElement? ReadRoot()
    {
        var file = Path.Combine(Directory.GetCurrentDirectory(), FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(FileName, $"is not valid JSON: {ex.Message}");
        }

        return root.ValueKind == JsonValueKind.Object
            ? root
            : throw new ConfigurationException(FileName, "must be a JSON object, e.g. { \"backend\": \"sqlite\", \"dataDirectory\": \".agentflow\" }");
    }

    private static void ReadFile(JsonElement root, AgentFlowEngineOptions options)
    {
        options.Backend = Text(root, "backend") is { } named ? BackendNames.Parse(named) : options.Backend;
        options.DataDirectory = Text(root, "dataDirectory") ?? options.DataDirectory;
        if (Text(root, "durability") is { } durability)
        {
            options.Durability = Enum.TryParse<SqliteDurability>(durability, ignoreCase: true, out var d)
                ? d
                : throw new ConfigurationException("durability", $"is '{durability}'; use process or full");
        }

        if (root.TryGetProperty("azureStorage", out var azure) && azure.ValueKind == JsonValueKind.Object)
        {
            options.AzureStorage.ConnectionString = Text(azure, "connectionString") ?? options.AzureStorage.ConnectionString;
            options.AzureStorage.TaskHubName = Text(azure, "taskHubName") ?? options.AzureStorage.TaskHubName;
            if (azure.TryGetProperty("partitionCount", out var partitions))
            {
                options.AzureStorage.PartitionCount = partitions.ValueKind == JsonValueKind.Number && partitions.TryGetInt32(out var count)
                    ? count
                    : throw new ConfigurationException("azureStorage.partitionCount", $"is {partitions.GetRawText()}; give a whole number from 1 to 16");
            }
        }
    }

    /// <summary>The approvals audit log's settings: <c>audit.keyFile</c> in <c>agentflow.json</c>, then <c>AGENTFLOW__AUDIT__KEYFILE</c>.</summary>
    public static AuditLogOptions LoadAudit()
    {
        var options = new AuditLogOptions();
        if (ReadRoot() is { } root && root.TryGetProperty("audit", out var audit) && audit.ValueKind == JsonValueKind.Object)
        {
            options.KeyFile = Text(audit, "keyFile") ?? options.KeyFile;
        }

        Env("AUDIT__KEYFILE", v => options.KeyFile = v);
        return options;
    }

    private static int Integer(string setting, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigurationException(setting, $"is '{text}'; give a whole number");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Env(string name, Action<string> apply)
    {
        if (Environment.GetEnvironmentVariable("AGENTFLOW__" + name) is { Length: > 0 } value)
        {
            apply(value);
        }
    }
}
