using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Finds literal credentials written into a workflow without echoing them: credential-shaped strings anywhere
/// (also when template filters assemble them from constants), passwords in URLs, and defaults of secret-named inputs.
/// </summary>
internal static class SecretScanner
{
    private const string Hint =
        "Put the secret in an environment variable and name that variable in the configuration instead of the value "
        + "(e.g. a model's \"apiKeyEnv\": \"OPENAI_API_KEY\", or smtp.passwordEnv in agentflow.json).";

    public static void Scan(JsonElement element, string path, DiagnosticSink sink)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);

        // A workflow repeats many values (conditions, approvers, loop templates): each distinct one is looked at once.
        var scanned = new Dictionary<string, (string? Written, string? Built)>(StringComparer.Ordinal);
        foreach (var (leafPath, value) in JsonStrings.Enumerate(element, path))
        {
            if (!scanned.TryGetValue(value, out var found))
            {
                var literal = CredentialPatterns.Find(value);
                found = (literal, literal is null && ConstantText.Of(value) is { } constant ? CredentialPatterns.Find(constant) : null);
                scanned[value] = found;
            }

            if (found.Written is { } written)
            {
                sink.Error(
                    DiagnosticCodes.SecretInWorkflow,
                    leafPath,
                    $"this value looks like a literal credential ({written}); secrets must never be written into workflow files",
                    Hint);
                reported.Add(leafPath);
            }
            else if (found.Built is { } built)
            {
                sink.Error(
                    DiagnosticCodes.SecretInWorkflow,
                    leafPath,
                    $"this template spells a literal credential ({built}) from constants inside its markup; secrets must never be written into workflow files, not even split up",
                    Hint);
                reported.Add(leafPath);
            }
        }

        ScanInputDefaults(element, path, sink, reported);
    }

    /// <summary>A secret-named input (<c>password</c>, <c>smtpPassword</c>, <c>api_key</c>, ...) must not carry its value as <c>default</c>.</summary>
    private static void ScanInputDefaults(JsonElement root, string path, DiagnosticSink sink, HashSet<string> reported)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var input in inputs.EnumerateObject())
        {
            var defaultPath = JsonPaths.Property(JsonPaths.Property(JsonPaths.Property(path, "inputs"), input.Name), "default");
            if (input.Value.ValueKind == JsonValueKind.Object
                && input.Value.TryGetProperty("default", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString()!.Length > 0
                && CredentialPatterns.IsSecretName(input.Name)
                && !reported.Contains(defaultPath))
            {
                sink.Error(
                    DiagnosticCodes.SecretInWorkflow,
                    defaultPath,
                    $"input '{input.Name}' is named like a secret, and its default writes the secret's value into the workflow file",
                    $"Remove the default; pass the value when the run starts (e.g. --input {input.Name}=\"$MY_SECRET\" from an environment variable), or let the tool read it from an environment variable named in its configuration.");
            }
        }
    }
}
