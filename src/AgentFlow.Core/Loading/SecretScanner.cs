using System.Text.Json;
using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;

namespace AgentFlow.Core.Loading;

/// <summary>Finds literal credentials written into a workflow (API keys, bearer tokens, private keys) without echoing them.</summary>
internal static partial class SecretScanner
{
    public static void Scan(JsonElement element, string path, DiagnosticSink sink)
    {
        foreach (var (leafPath, value) in JsonStrings.Enumerate(element, path))
        {
            if (Credential().IsMatch(value))
            {
                sink.Error(
                    DiagnosticCodes.SecretInWorkflow,
                    leafPath,
                    "this value looks like a literal credential (API key, bearer token or private key); secrets must never be written into workflow files",
                    "Move it to an environment variable or agentflow.json and refer to it by name (e.g. a model's \"apiKeyEnv\").");
            }
        }
    }

    [GeneratedRegex(@"(\bsk-[A-Za-z0-9_-]{20,}|\bAKIA[0-9A-Z]{16}\b|\bBearer\s+[A-Za-z0-9._~+/=-]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abpr]-[A-Za-z0-9-]{10,})", RegexOptions.CultureInvariant)]
    private static partial Regex Credential();
}
