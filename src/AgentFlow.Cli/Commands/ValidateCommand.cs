using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Cli.Configuration;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow validate FILE-OR-DIR...</c>: report every problem in each workflow.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Workflow files, or directories whose *.json files are validated.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: text (file:line:col: AFnnn message) or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        paths.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string[]>()?.Any(string.IsNullOrWhiteSpace) == true)
            {
                r.AddError("a file name is empty");
            }
        });

        var command = new Command("validate", "Check workflow files and print every error with its location, JSON path and a hint.")
        {
            paths,
            format,
        };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(
            result.InvocationConfiguration.Error,
            () => RunAsync(result.GetValue(paths)!, result.GetValue(format)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, string format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var ioError = false;
        var allowed = AllowPathsBinder.Read(CliConfiguration.Build());
        var files = WorkflowFiles.Expand(paths, error, ref ioError);
        var invalid = 0;
        var unreadable = 0;
        var report = new JsonArray();
        foreach (var file in files)
        {
            var document = await WorkflowInput.TryLoadAsync(file, error, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                ioError = true;
                unreadable++;
                continue;
            }

            var diagnostics = WorkflowValidator.Validate(document, allowed, BuiltInTools.OutputShapes);
            var valid = !WorkflowValidator.HasErrors(diagnostics);
            invalid += valid ? 0 : 1;
            if (format == "json")
            {
                report.Add(new JsonObject
                {
                    ["file"] = file,
                    ["valid"] = valid,
                    ["diagnostics"] = new JsonArray([.. diagnostics.Select(DiagnosticJson.ToJson)]),
                });
                continue;
            }

            foreach (var diagnostic in diagnostics)
            {
                await output.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            if (valid)
            {
                await output.WriteLineAsync($"{file}: valid ({document.Definition!.Nodes.Count} nodes)").ConfigureAwait(false);
            }
        }

        if (format == "json")
        {
            var root = new JsonObject { ["valid"] = invalid == 0 && !ioError, ["files"] = report };
            var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await output.WriteLineAsync(root.ToJsonString(options)).ConfigureAwait(false);
        }
        else if (files.Count > 1)
        {
            var summary = $"{files.Count} files: {files.Count - invalid - unreadable} valid, {invalid} invalid";
            await output.WriteLineAsync(unreadable > 0 ? $"{summary}, {unreadable} unreadable" : summary).ConfigureAwait(false);
        }

        return ioError ? ExitCodes.UsageOrIo : invalid > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
    }
}
