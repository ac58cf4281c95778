using System.Text.Json.Nodes;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Cli;

/// <summary>The machine-readable shape of diagnostics printed by <c>--format json</c>.</summary>
internal static class DiagnosticJson
{
    public static JsonObject ToJson(Diagnostic diagnostic) => new()
    {
        ["code"] = diagnostic.Code,
        ["severity"] = diagnostic.Severity.ToString().ToLowerInvariant(),
        ["message"] = diagnostic.Message,
        ["file"] = diagnostic.File,
        ["line"] = diagnostic.Location.Line,
        ["column"] = diagnostic.Location.Column,
        ["path"] = diagnostic.JsonPath,
        ["hint"] = diagnostic.Hint,
    };
}
