using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Agents.Llm;

public sealed partial class LlmNodeExecutor
{
    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (LlmNode)context.Node;
        var definition = ModelOf(context.Workflow, node)
            ?? throw new NodeExecutionException($"node '{context.NodeId}': agent '{node.Agent}' has no model");
        ChatModel model;
        try
        {
            model = _models.Get(definition);
        }
        catch (ConfigurationException ex)
        {
            throw new NodeExecutionException($"node '{context.NodeId}': {ex.Message}", ex);
        }

        OutputSchema? schema = null;
        if (node.Output is { } output && (schema = OutputSchema.TryFor(output, out var problem)) is null)
        {
            throw new NodeExecutionException($"node '{context.NodeId}': output is not a usable JSON Schema ({problem})");
        }

        var tools = ToolBindings.Create(context.Workflow, node);
        var telemetry = new ChatTelemetry(model, node.Agent, node.MaxTokens, node.Temperature, context.TraceParent, _prices, _options.CaptureContent);
        var chat = new LlmConversation(model, context, tools, _toolKinds, _options, _logger, telemetry);
        var system = SystemMessage(context.Workflow.Agents[node.Agent].Instructions, model, schema);
        if (system is not null)
        {
            chat.History.AddSystemMessage(system);
        }

        var guards = GuardsOf(context, node);
        var findings = new List<Guards.CheckFinding>();
        var prompt = GuardInput(guards, context.Input["prompt"]?.GetValue<string>() ?? string.Empty, findings);
        if (findings.Any(f => f.Action == GuardAction.Block))
        {
            return BlockedBeforeCall(model, node.Agent, findings);
        }

        if (SpotlightMarkers.FromJson(context.Input["spotlight"]) is { } markers)
        {
            // The prompt carries marked untrusted text (spotlighting): say what the markers mean, apart from the
            // agent's instructions so a model reading instructions as rules (the local one) can leave it out.
            chat.History.Add(new ChatMessageContent(AuthorRole.System, markers.SystemNote())
            {
                Metadata = new Dictionary<string, object?> { [SpotlightMetadataKey] = true },
            });
        }

        var memories = await RecallAsync(context, node, SpotlightMarkers.Unmark(prompt), telemetry, cancellationToken).ConfigureAwait(false);
        if (memories.Count > 0)
        {
            chat.History.Add(new ChatMessageContent(AuthorRole.System, MemoryHeader + string.Concat(memories.Select(m => "\n- " + m)))
            {
                Metadata = new Dictionary<string, object?> { [MemoryMetadataKey] = true },
            });
        }

        chat.History.AddUserMessage(prompt);
        var settings = ChatSettings.Create(model, node, schema, tools, _options);

        var answer = await chat.CompleteAsync(settings, cancellationToken).ConfigureAwait(false);
        if (chat.ToolRequests.Count > 0 || schema is null)
        {
            return GuardOutput(guards, Output(chat, model, telemetry, answer, structured: null, tools.Any), findings);
        }

        var (value, errors) = schema.Check(answer.Content);
        if (errors.Count > 0)
        {
            Log.RepairingStructuredOutput(_logger, context.NodeId, definition.Name);
            chat.History.Add(answer);
            chat.History.AddUserMessage(ChatSettings.RepairRequest(errors));
            answer = await chat.CompleteAsync(settings, cancellationToken).ConfigureAwait(false);
            if (chat.ToolRequests.Count > 0)
            {
                return GuardOutput(guards, Output(chat, model, telemetry, answer, structured: null, tools.Any), findings);
            }

            (value, errors) = schema.Check(answer.Content);
            if (errors.Count > 0)
            {
                var cut = chat.FinishReason == "length" ? " (the answer was cut off at maxTokens)" : string.Empty;
                throw new NodeExecutionException(
                    $"node '{context.NodeId}': model {model.Describe()} did not answer with JSON matching the output schema, even after one repair request{cut}: {string.Join("; ", errors.Take(3))}");
            }
        }

        return GuardOutput(guards, Output(chat, model, telemetry, answer, structured: new JsonObject { ["value"] = value }, tools.Any), findings);
    }

    /// <summary>Marks the system message that says what the spotlight markers in the prompt mean.</summary>
    internal const string SpotlightMetadataKey = "agentflow.spotlight";

    /// <summary>Marks the system message that carries recalled memories (the local model reads it as context).</summary>
    internal const string MemoryMetadataKey = "agentflow.memories";

    private const string MemoryHeader = "Relevant memories from earlier runs (may be outdated):";

    private async Task<IReadOnlyList<string>> RecallAsync(
        NodeExecutionContext context, LlmNode node, string prompt, ChatTelemetry telemetry, CancellationToken cancellationToken)
    {
        var agent = context.Workflow.Agents[node.Agent];
        if (_memory is null || agent.RecallCount <= 0)
        {
            return [];
        }

        // The memory's own spans (its embedding call) hang under this one: it is the current activity meanwhile.
        using var span = AgentFlowTelemetry.Source.StartActivity("memory.recall", ActivityKind.Internal, telemetry.Parent);
        span?.SetTag(TelemetryTags.Agent, node.Agent);
        span?.SetTag(TelemetryTags.GenAiAgentName, node.Agent);
        try
        {
            var memories = await _memory.RecallAsync(node.Agent, prompt, agent.RecallCount, cancellationToken).ConfigureAwait(false);
            span?.SetTag(TelemetryTags.Results, memories.Count);
            return memories;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private static string? SystemMessage(string? instructions, ChatModel model, OutputSchema? schema)
    {
        // The local model reads the schema from its settings; schema text among its instructions would be content.
        var hint = schema is not null && !model.IsLocal ? ChatSettings.SchemaInstruction(schema) : null;
        return (string.IsNullOrWhiteSpace(instructions), hint) switch
        {
            (true, null) => null,
            (true, _) => hint,
            (false, null) => instructions,
            _ => $"{instructions}\n\n{hint}",
        };
    }

    // { text } or the structured value, plus requests (when tools are offered), usage and exchange. `structured` is
    // { value } holding the validated answer, or null for a text answer.
    private static JsonObject Output(LlmConversation chat, ChatModel model, ChatTelemetry telemetry, ChatMessageContent answer, JsonObject? structured, bool offersTools)
    {
        // An object answer is the output itself; any other JSON value stays wrapped as { value }.
        var output = structured switch
        {
            null => new JsonObject { ["text"] = answer.Content ?? string.Empty },
            _ when structured["value"] is JsonObject obj => (JsonObject)obj.DeepClone(),
            _ => structured,
        };
        if (offersTools)
        {
            output["requests"] = chat.ToolRequests.DeepClone();
        }

        output["usage"] = Usage(chat, model, telemetry);
        output["exchange"] = ChatTranscript.Exchange(chat.History, answer.Content, chat.FinishReason, chat.Requests);
        return output;
    }

    /// <summary><c>{ promptTokens, completionTokens, calls, cost, currency, model, provider, agent }</c>; no cost or currency when unpriced.</summary>
    private static JsonObject Usage(LlmConversation chat, ChatModel model, ChatTelemetry telemetry)
    {
        var usage = new JsonObject
        {
            ["promptTokens"] = chat.PromptTokens,
            ["completionTokens"] = chat.CompletionTokens,
            ["calls"] = chat.Requests,
        };
        if (chat.Cost is { } cost)
        {
            usage["cost"] = cost;
            usage["currency"] = telemetry.Currency;
        }

        usage["model"] = model.Definition.Name;
        usage["provider"] = model.Definition.Provider;
        usage["agent"] = telemetry.Agent;
        return usage;
    }
}
