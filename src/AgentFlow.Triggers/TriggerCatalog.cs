using System.Security.Cryptography;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Triggers;

/// <summary>
/// Reads the triggers of a workflows folder: each <c>*.json</c> file directly in it is loaded and validated like
/// <c>agentflow validate</c> does; an invalid file is a problem (never an exception), a file without triggers is ignored.
/// </summary>
public static class TriggerCatalog
{
    /// <summary>Reads <paramref name="folder"/> (an empty scan when it does not exist).</summary>
    public static Task<TriggerScan> ScanAsync(string folder, PathConfinement? paths, CancellationToken cancellationToken) =>
        ScanAsync(folder, paths, null, cancellationToken);

    internal static async Task<TriggerScan> ScanAsync(string folder, PathConfinement? paths, Func<WorkflowDefinition, WorkflowDefinition>? transform, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var triggers = new List<TriggerRegistration>();
        var problems = new List<TriggerFileProblem>();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            return new TriggerScan(triggers, problems, hashes);
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(full, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                problems.Add(new TriggerFileProblem(file, $"cannot be read: {ex.Message}"));
                continue;
            }
            catch (UnauthorizedAccessException ex)
            {
                problems.Add(new TriggerFileProblem(file, $"cannot be read: {ex.Message}"));
                continue;
            }

            hashes[file] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var document = WorkflowLoader.Parse(bytes, file);
            var diagnostics = document.Definition is null ? document.Diagnostics : WorkflowValidator.Validate(document, paths, BuiltInTools.OutputShapes);
            if (document.Definition is null || WorkflowValidator.HasErrors(diagnostics))
            {
                var errors = diagnostics.Where(d => d.IsError).ToList();
                problems.Add(new TriggerFileProblem(file, errors.Count == 0 ? "cannot be read as a workflow" : Describe(errors)));
                continue;
            }

            var workflow = transform is null ? document.Definition : transform(document.Definition);
            foreach (var trigger in workflow.Triggers.Values)
            {
                var registration = new TriggerRegistration(file, workflow, trigger);
                if (ids.TryGetValue(registration.Id, out var first))
                {
                    problems.Add(new TriggerFileProblem(file, $"trigger '{registration.Id}' is skipped: {Path.GetFileName(first)} declares it too (workflow names must be unique in the folder)"));
                    continue;
                }

                ids[registration.Id] = file;
                triggers.Add(registration);
            }
        }

        return new TriggerScan(triggers, problems, hashes);
    }

    private static string Describe(List<Diagnostic> errors)
    {
        var shown = string.Join("; ", errors.Take(3).Select(e => $"line {e.Location.Line}: {e.Code} {e.Message} (at {e.JsonPath})"));
        return errors.Count > 3 ? $"{shown}; and {errors.Count - 3} more (agentflow validate lists them)" : shown;
    }
}
