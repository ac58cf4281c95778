using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;

namespace AgentFlow.Core.Loading;

/// <summary>Collects diagnostics for one file, locating each by its JSON path.</summary>
internal sealed class DiagnosticSink(string file, JsonSourceMap? map)
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Error(string code, string jsonPath, string message, string hint = "") =>
        Add(code, DiagnosticSeverity.Error, jsonPath, message, hint);

    public void Add(string code, DiagnosticSeverity severity, string jsonPath, string message, string hint)
    {
        var location = map?.Find(jsonPath) ?? Diagnostics.SourceLocation.Start;
        _items.Add(new Diagnostic(code, severity, message, file, location, jsonPath, hint));
    }

    public void AddAt(string code, Diagnostics.SourceLocation location, string jsonPath, string message, string hint) =>
        _items.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, file, location, jsonPath, hint));
}
