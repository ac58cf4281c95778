using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Cli.Configuration;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Cli.Evaluation;

/// <summary>An eval's inputs, checked: the workflow, its variants (each loaded and validated patched), and the dataset's cases.</summary>
internal sealed record EvalSuite(string WorkflowFile, string DatasetFile, WorkflowDefinition Workflow, IReadOnlyList<EvalVariant> Variants, IReadOnlyList<EvalCase> Cases)
{
    /// <summary>Reads and checks everything before any case runs.</summary>
    /// <exception cref="EvalInputException">A variant, the dataset or a case's inputs cannot be used.</exception>
    /// <exception cref="WorkflowInvalidException">The workflow (or a variant of it) has validation errors.</exception>
    public static async Task<EvalSuite> LoadAsync(string workflowFile, string datasetFile, IReadOnlyList<string> variantArgs, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(workflowFile, "the workflow", cancellationToken).ConfigureAwait(false);
        var variants = new List<EvalVariant> { EvalVariant.Base };
        var problems = new List<string>();
        foreach (var arg in variantArgs)
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals].Trim() : string.Empty;
            if (name.Length == 0 || equals == arg.Length - 1)
            {
                problems.Add($"--variant '{arg}': write NAME=FILE, e.g. --variant unguarded=workflows/evals/unguarded.json");
                continue;
            }

            if (variants.Any(v => v.Name == name))
            {
                problems.Add($"--variant '{arg}': the name '{name}' is {(name == "base" ? "the workflow as is" : "given twice")}; choose another name");
                continue;
            }

            var file = arg[(equals + 1)..];
            try
            {
                if (JsonNode.Parse(await ReadAsync(file, $"variant '{name}'", cancellationToken).ConfigureAwait(false)) is not JsonObject patch)
                {
                    problems.Add($"{file}: variant '{name}' must be a JSON object (a merge patch of the workflow, e.g. {{ \"guardrails\": {{ \"enabled\": false }} }})");
                    continue;
                }

                variants.Add(new EvalVariant(name, [patch], file));
            }
            catch (JsonException ex)
            {
                problems.Add($"{file}: variant '{name}' is not valid JSON: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new EvalInputException(problems);
        }

        var allowed = AllowPathsBinder.Read(CliConfiguration.Build());
        WorkflowDefinition? workflow = null;
        foreach (var variant in variants)
        {
            var document = variant.Patches.Count == 0 ? WorkflowLoader.Parse(bytes, workflowFile) : WorkflowPatch.Load(bytes, workflowFile, variant.Patches);
            var diagnostics = WorkflowValidator.Validate(document, allowed, BuiltInTools.OutputShapes);
            if (document.Definition is null || WorkflowValidator.HasErrors(diagnostics))
            {
                throw new WorkflowInvalidException(variant.File is null ? workflowFile : $"{workflowFile} with variant '{variant.Name}' ({variant.File})", diagnostics);
            }

            workflow ??= document.Definition;
        }

        var cases = await EvalDataset.ReadAsync(datasetFile, workflow!, cancellationToken).ConfigureAwait(false);
        foreach (var evalCase in cases)
        {
            try
            {
                _ = RunInputs.Bind(workflow!, evalCase.Inputs);
            }
            catch (RunInputException ex)
            {
                problems.AddRange(ex.Problems.Select(p => $"{datasetFile}:{evalCase.Line}: case '{evalCase.Id}' inputs: {p}"));
            }
        }

        return problems.Count > 0 ? throw new EvalInputException(problems) : new EvalSuite(workflowFile, datasetFile, workflow!, variants, cases);
    }

    private static async Task<byte[]> ReadAsync(string file, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EvalInputException([$"{file}: cannot read {what}: {ex.Message}"]);
        }
    }
}
