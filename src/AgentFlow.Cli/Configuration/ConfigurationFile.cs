using System.Text.Json;
using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// <c>agentflow.json</c> in the working directory, read once per process: its shape is checked here (a JSON object;
/// sections are objects, <c>allowPaths</c> and the <c>tools</c> lists arrays of strings, no <c>smtp.password</c>) so a mistake names the
/// setting, and keys AgentFlow does not know are reported as warnings naming the key (a typo must not pass silently,
/// but must not stop a command either). The values themselves are read through <see cref="CliConfiguration"/>.
/// </summary>
internal static class ConfigurationFile
{
    /// <summary>The file's name, looked up in the working directory.</summary>
    public const string FileName = "agentflow.json";

    /// <summary>The settings of each section; the root's entry is keyed by the empty string.</summary>
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = ["backend", "dataDirectory", "durability", "azureStorage", "smtp", "memory", "audit", "allowPaths", "notifications", "tools", "server", "telemetry", "pricing", "Logging"],
        ["azureStorage"] = ["connectionString", "taskHubName", "partitionCount"],
        ["smtp"] = ["host", "port", "username", "passwordEnv", "security", "timeout", "allowInsecureAuth"],
        ["memory"] = ["embedder", "model", "baseUrl", "apiKeyEnv", "dimensions", "store", "connectionString", "container", "preload"],
        ["audit"] = ["keyFile"],
        ["notifications"] = ["from", "linkLifetime"],
        ["tools"] = ["strict", "mcp", "http", "email"],
        ["tools.mcp"] = ["allowCommands"],
        ["tools.http"] = ["allowHosts"],
        ["tools.email"] = ["allowDomains"],
        ["server"] = ["workflows", "allowInlineWorkflows", "publicUrl", "jwt"],
        ["server.jwt"] = ["authority", "audience", "operatorClaim"],
        ["telemetry"] = ["otlpEndpoint", "otlpProtocol", "traces", "metrics", "captureContent", "serviceName", "metricExportInterval"],
        ["pricing"] = ["currency", "models"],
    };

    private static readonly Dictionary<string, string> Shapes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smtp"] = "{ \"host\": \"smtp.example.com\", \"username\": \"bot\", \"passwordEnv\": \"SMTP_PASSWORD\" }",
        ["memory"] = "{ \"embedder\": \"openai\", \"model\": \"text-embedding-3-small\", \"apiKeyEnv\": \"OPENAI_API_KEY\" }",
        ["azureStorage"] = "{ \"connectionString\": \"UseDevelopmentStorage=true\", \"taskHubName\": \"agentflow\" }",
        ["audit"] = "{ \"keyFile\": \"/etc/agentflow/audit.key\" }",
        ["notifications"] = "{ \"from\": \"AgentFlow <approvals@example.com>\", \"linkLifetime\": \"PT72H\" }",
        ["tools"] = "{ \"http\": { \"allowHosts\": [\"api.example.com\"] }, \"mcp\": { \"allowCommands\": [\"uvx mcp-server-fetch\"] } }",
        ["server"] = "{ \"workflows\": \"workflows\", \"allowInlineWorkflows\": false, \"publicUrl\": \"https://agentflow.example.com/\" }",
        ["telemetry"] = "{ \"otlpEndpoint\": \"http://127.0.0.1:4318\", \"otlpProtocol\": \"http/protobuf\" }",
        ["pricing"] = "{ \"currency\": \"USD\", \"models\": { \"gpt-4o-mini\": { \"input\": 0.15, \"output\": 0.6 } } }",
        ["Logging"] = "{ \"LogLevel\": { \"Default\": \"Warning\" } }",
    };

    /// <summary>The file's bytes after the checks, or null when there is no file; warnings go to <paramref name="warnings"/>.</summary>
    /// <exception cref="ConfigurationException">The file is not valid JSON or a section has the wrong shape.</exception>
    public static byte[]? Read(TextWriter warnings)
    {
        var file = Path.Combine(Directory.GetCurrentDirectory(), FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(file);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            Check(document.RootElement, warnings);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(FileName, $"is not valid JSON: {ex.Message}");
        }

        return bytes;
    }

    private static void Check(JsonElement root, TextWriter warnings)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException(FileName, "must be a JSON object, e.g. { \"backend\": \"sqlite\", \"dataDirectory\": \".agentflow\" }");
        }

        WarnUnknown(root, "", warnings);
        foreach (var property in root.EnumerateObject())
        {
            var name = Canonical("", property.Name);
            if (Shapes.TryGetValue(name, out var example))
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new ConfigurationException(name, $"must be an object, e.g. {example}");
                }

                if (Known.ContainsKey(name))
                {
                    WarnUnknown(property.Value, name, warnings);
                }
            }
            else if (name == "allowPaths")
            {
                CheckAllowPaths(property.Value);
            }

            if (name == "tools" && property.Value.ValueKind == JsonValueKind.Object)
            {
                CheckTools(property.Value, warnings);
            }
        }

        if (root.TryGetProperty("smtp", out var smtp) && smtp.ValueKind == JsonValueKind.Object && smtp.TryGetProperty("password", out _))
        {
            throw new ConfigurationException("smtp.password", "passwords are not read from agentflow.json; put it in an environment variable and name that variable in smtp.passwordEnv");
        }
    }

    private static void CheckAllowPaths(JsonElement section) =>
        CheckStrings(section, "allowPaths", "must be an array of folders, e.g. [ \"../shared-data\" ]", "a folder path");

    // tools.{mcp,http,email} are objects holding one list each: a typo in a ceiling must not pass silently.
    private static void CheckTools(JsonElement tools, TextWriter warnings)
    {
        foreach (var (kind, list, example) in new[] { ("mcp", "allowCommands", "[ \"uvx mcp-server-fetch\" ]"), ("http", "allowHosts", "[ \"api.example.com\" ]"), ("email", "allowDomains", "[ \"example.com\" ]") })
        {
            if (!tools.TryGetProperty(kind, out var section))
            {
                continue;
            }

            if (section.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"tools.{kind}", $"must be an object, e.g. {{ \"{list}\": {example} }}");
            }

            WarnUnknown(section, $"tools.{kind}", warnings);
            if (section.TryGetProperty(list, out var entries))
            {
                CheckStrings(entries, $"tools.{kind}.{list}", $"must be an array of strings, e.g. {example}", "an entry");
            }
        }
    }

    private static void CheckStrings(JsonElement section, string setting, string notAnArray, string what)
    {
        if (section.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException(setting, notAnArray);
        }

        var index = 0;
        foreach (var item in section.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new ConfigurationException($"{setting}[{index}]", $"is {item.GetRawText()}; each entry is {what} written as a string");
            }

            index++;
        }
    }

    private static void WarnUnknown(JsonElement section, string path, TextWriter warnings)
    {
        var known = Known[path];
        foreach (var property in section.EnumerateObject())
        {
            if (path == "smtp" && property.NameEquals("password"))
            {
                continue;
            }

            if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                var key = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                warnings.WriteLine($"agentflow: warning: {FileName}: unknown setting '{key}' (known: {string.Join(", ", known)})");
            }
        }
    }

    private static string Canonical(string path, string name) =>
        Known[path].FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
}
