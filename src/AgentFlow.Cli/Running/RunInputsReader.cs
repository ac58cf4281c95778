using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core;
using AgentFlow.Core.Loading;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Running;

/// <summary>Reads <c>--inputs FILE.json</c> and <c>--input NAME=VALUE</c> into one object (later values win).</summary>
internal static class RunInputsReader
{
    public static async Task<JsonObject> ReadAsync(string workflowFile, string? inputsFile, IReadOnlyList<string> pairs, CancellationToken cancellationToken)
    {
        var inputs = new JsonObject();
        if (inputsFile is not null)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(await File.ReadAllTextAsync(inputsFile, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                var why = Directory.Exists(inputsFile) ? "is a directory, not a JSON file" : File.Exists(inputsFile) ? $"cannot be read ({ex.Message})" : "no such file";
                throw new AgentFlowException($"--inputs {inputsFile}: {why}");
            }
            catch (JsonException ex)
            {
                throw new AgentFlowException($"{inputsFile}: not valid JSON ({ex.Message.Split(" LineNumber:", 2)[0]}); --inputs takes an object such as {{\"topic\": \"LLMOps\"}}");
            }

            if (parsed is not JsonObject given)
            {
                throw new AgentFlowException($"{inputsFile}: must hold a JSON object of inputs, such as {{\"topic\": \"LLMOps\"}}");
            }

            foreach (var (name, value) in given)
            {
                inputs[name] = value?.DeepClone();
            }
        }

        // Typed parsing needs the declarations; an invalid file is reported by the run itself.
        var workflow = (await WorkflowLoader.LoadFileAsync(workflowFile, cancellationToken).ConfigureAwait(false)).Definition;
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new AgentFlowException($"--input '{pair}': use NAME=VALUE, e.g. --input topic=LLMOps");
            }

            var name = pair[..equals];
            var text = pair[(equals + 1)..];
            inputs[name] = workflow is null ? JsonValue.Create(text) : RunInputs.ParseValue(workflow, name, text);
        }

        return inputs;
    }
}
