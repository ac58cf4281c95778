using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Paths;

namespace AgentFlow.Core.Validation;

/// <summary>Checks names that point at declarations: agents, models, tools, sources and sub-workflow files.</summary>
internal sealed class ReferenceChecker(WorkflowDefinition definition, DiagnosticSink sink, string baseDirectory, PathConfinement paths)
{
    public void CheckDeclarations()
    {
        foreach (var agent in definition.Agents.Values)
        {
            Check(agent.Model, definition.Models.Keys, JsonPaths.Property(agent.JsonPath, "model"), DiagnosticCodes.UnknownModel, "model", $"agent '{agent.Name}'");
        }

        foreach (var source in definition.Sources.Values.Where(s => s.Kind is "files" or "rss" && !string.IsNullOrWhiteSpace(s.Path)))
        {
            var refusal = source.Kind == "files"
                ? paths.CheckGlob(source.Path!, source.Path!, baseDirectory)
                : paths.Check(source.Path!, source.Path!.Replace('\\', '/'), baseDirectory);
            if (refusal is not null)
            {
                sink.Error(DiagnosticCodes.PathOutsideWorkflowFolder, JsonPaths.Property(source.JsonPath, "path"), $"source '{source.Name}': path {refusal.Reason}", Capitalize(refusal.Remedy) + ".");
            }
        }
    }

    public void CheckNode(WorkflowNode node)
    {
        var who = $"node '{node.Id}'";
        switch (node)
        {
            case LlmNode llm:
                Check(llm.Agent, definition.Agents.Keys, Path(node, "agent"), DiagnosticCodes.UnknownAgent, "agent", who);
                for (var i = 0; i < llm.Tools.Count; i++)
                {
                    Check(llm.Tools[i], definition.Tools.Keys, JsonPaths.Index(Path(node, "tools"), i), DiagnosticCodes.UnknownTool, "tool", who);
                }

                break;
            case RetrieveNode retrieve:
                Check(retrieve.Source, definition.Sources.Keys, Path(node, "source"), DiagnosticCodes.UnknownSource, "source", who);
                break;
            case ToolNode tool:
                Check(tool.Tool, definition.Tools.Keys, Path(node, "tool"), DiagnosticCodes.UnknownTool, "tool", who);
                break;
            case RecallNode recall:
                Check(recall.Agent, definition.Agents.Keys, Path(node, "agent"), DiagnosticCodes.UnknownAgent, "agent", who);
                break;
            case RememberNode remember:
                Check(remember.Agent, definition.Agents.Keys, Path(node, "agent"), DiagnosticCodes.UnknownAgent, "agent", who);
                break;
            case GuardNode { Classifier: { } classifier }:
                CheckClassifier(classifier, who);
                break;
            case WorkflowCallNode call when call.Path.Length > 0:
                var full = System.IO.Path.GetFullPath(call.Path, baseDirectory);
                if (paths.Check(call.Path, full, baseDirectory) is { } refusal)
                {
                    // Whether a file outside exists is not the workflow's business: say only that it is out of bounds.
                    sink.Error(DiagnosticCodes.PathOutsideWorkflowFolder, Path(node, "path"), $"{who}: path {refusal.Reason}", Capitalize(refusal.Remedy) + ".");
                }
                else if (!File.Exists(full))
                {
                    sink.Error(DiagnosticCodes.SubWorkflowNotFound, Path(node, "path"), $"{who} runs workflow '{call.Path}', but {full} does not exist", "Paths are relative to this workflow file's folder.");
                }

                break;
        }
    }

    private void Check(string name, IEnumerable<string> declared, string path, string code, string what, string who)
    {
        if (name.Length == 0)
        {
            return;
        }

        var names = declared.ToList();
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            sink.Error(code, path, $"{who} uses {what} '{name}', which is not declared", $"Declare it under \"{what}s\". {Suggestions.Hint(name, names, what + "s")}");
        }
    }

    /// <summary>A classifier needs a declared model that can answer (the offline <c>local</c> model cannot classify).</summary>
    private void CheckClassifier(GuardClassifier classifier, string who)
    {
        var path = JsonPaths.Property(classifier.JsonPath, "model");
        if (!definition.Models.TryGetValue(classifier.Model, out var model))
        {
            sink.Error(DiagnosticCodes.InvalidGuardClassifier, path, $"the classifier of {who} uses model '{classifier.Model}', which is not declared", $"Declare an \"openai\" or \"azure-openai\" model under \"models\". {Suggestions.Hint(classifier.Model, definition.Models.Keys.ToList(), "models")}");
        }
        else if (model.Provider == "local")
        {
            sink.Error(DiagnosticCodes.InvalidGuardClassifier, path, $"the classifier of {who} uses model '{classifier.Model}', whose provider is local; the offline local model cannot classify text", "Name an \"openai\" or \"azure-openai\" model, or remove \"classifier\" (the built-in injection rules still run).");
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Path(WorkflowNode node, string property) => JsonPaths.Property(node.JsonPath, property);
}
