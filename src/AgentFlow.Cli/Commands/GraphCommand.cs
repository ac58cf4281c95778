using System.CommandLine;
using AgentFlow.Cli.Configuration;
using AgentFlow.Core.Graph;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow graph FILE [--format mermaid|dot]</c>: draw a workflow.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = CommonOptions.NonEmpty("file", "The workflow file to draw.", "the file name is empty");
        var format = new Option<string>("--format")
        {
            Description = "Output format: mermaid (default; renders in Markdown) or dot (Graphviz).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Print the workflow graph with node kinds and labelled conditional edges.") { file, format };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var document = await WorkflowInput.TryLoadAsync(result.GetValue(file)!, error, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var diagnostics = WorkflowValidator.Validate(document, AllowPathsBinder.Read(CliConfiguration.Build()), BuiltInTools.OutputShapes);
            foreach (var diagnostic in diagnostics)
            {
                await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            if (document.Definition is not { } definition)
            {
                return ExitCodes.Invalid;
            }

            // An invalid graph is still drawn (it helps to see it), but the exit code says it is invalid.
            var text = result.GetValue(format) == "dot" ? DotExporter.Export(definition) : MermaidExporter.Export(definition);
            await output.WriteAsync(text).ConfigureAwait(false);
            return WorkflowValidator.HasErrors(diagnostics) ? ExitCodes.Invalid : ExitCodes.Ok;
        }));
        return command;
    }
}
