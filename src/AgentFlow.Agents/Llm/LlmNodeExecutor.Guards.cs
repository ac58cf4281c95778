using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Guards;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// An agent's <c>guards</c> around its model call: the input checks run on the rendered prompt before anything leaves
/// the process (a <c>pii</c> redaction changes the prompt the model, the memory recall and the stored exchange see;
/// a <c>block</c> ends the node without calling the model), the output checks on the answer (its text, or its JSON).
/// Findings go into the output as <c>guards: { findings }</c>; the orchestrator fails the node on <c>block</c> and
/// holds the answer for the agent's approvers on <c>approve</c>.
/// </summary>
public sealed partial class LlmNodeExecutor
{
    private static AgentGuards? GuardsOf(NodeExecutionContext context, LlmNode node) =>
        context.Workflow.Guardrails.Enabled && context.Workflow.Agents.TryGetValue(node.Agent, out var agent) ? agent.Guards : null;

    /// <summary>The prompt after the input checks; their findings are added to <paramref name="findings"/>.</summary>
    private static string GuardInput(AgentGuards? guards, string prompt, List<CheckFinding> findings)
    {
        if (guards is not { Input.Count: > 0 })
        {
            return prompt;
        }

        var result = GuardRunner.Run(prompt, guards.Input);
        findings.AddRange(result.Findings);
        return result.Text;
    }

    /// <summary>The output of a node whose input was blocked: no model call, nothing spent.</summary>
    private static JsonObject BlockedBeforeCall(ChatModel model, string agent, List<CheckFinding> findings) => new()
    {
        ["text"] = string.Empty,
        ["usage"] = new JsonObject
        {
            ["promptTokens"] = 0, ["completionTokens"] = 0, ["calls"] = 0,
            ["model"] = model.Definition.Name, ["provider"] = model.Definition.Provider, ["agent"] = agent,
        },
        ["guards"] = new JsonObject { ["findings"] = CheckFinding.ToJson(findings) },
    };

    /// <summary>Runs the output checks on the answer in <paramref name="output"/> and adds <c>guards</c> when anything was found.</summary>
    private static JsonObject GuardOutput(AgentGuards? guards, JsonObject output, List<CheckFinding> findings)
    {
        if (guards is { Output.Count: > 0 })
        {
            var text = output["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : AnswerJson(output);
            var result = GuardRunner.Run(text, guards.Output);
            findings.AddRange(result.Findings);
            if (!string.Equals(result.Text, text, StringComparison.Ordinal))
            {
                Redact(output, result.Text);
            }
        }

        if (findings.Count > 0)
        {
            output["guards"] = new JsonObject { ["findings"] = CheckFinding.ToJson(findings) };
        }

        return output;
    }

    /// <summary>A structured answer as the JSON text the checks read: the output without what the executor adds.</summary>
    private static string AnswerJson(JsonObject output)
    {
        var answer = (JsonObject)output.DeepClone();
        foreach (var added in new[] { "usage", "exchange", "requests", "guards" })
        {
            answer.Remove(added);
        }

        return answer.Count == 1 && answer["value"] is { } value ? value.ToJsonString() : answer.ToJsonString();
    }

    /// <summary>Puts the redacted answer in place of the answer; a structured answer whose redacted JSON no longer parses keeps its shape and gets the redacted text.</summary>
    private static void Redact(JsonObject output, string redacted)
    {
        if (output.ContainsKey("text"))
        {
            output["text"] = redacted;
            return;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(redacted);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = null;
        }

        if (parsed is JsonObject fields && !output.ContainsKey("value"))
        {
            foreach (var (name, value) in fields)
            {
                output[name] = value?.DeepClone();
            }
        }
        else
        {
            output["value"] = parsed ?? redacted;
        }
    }
}
