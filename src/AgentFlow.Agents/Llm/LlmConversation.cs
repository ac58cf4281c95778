using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// One node execution's chat with its model: the history, the tool-call loop, token totals and the calls that
/// wait for approval. Tools are run here rather than by Semantic Kernel so that risk decides what runs, every call
/// gets its own idempotency key, and the number of rounds is bounded.
/// </summary>
internal sealed class LlmConversation(
    ChatModel model, NodeExecutionContext context, ToolBindings tools, Func<string, IToolKind?> toolKinds, LlmOptions options, ILogger logger, ChatTelemetry telemetry)
{
    private readonly Dictionary<string, int> _callKeys = new(StringComparer.Ordinal);
    private int _rounds;

    /// <summary>Everything sent so far (system, user, assistant tool calls, tool results, repair request).</summary>
    public ChatHistory History { get; } = [];

    /// <summary>Model requests made.</summary>
    public int Requests { get; private set; }

    /// <summary>Prompt tokens over all requests, as reported by the provider.</summary>
    public int PromptTokens { get; private set; }

    /// <summary>Completion tokens over all requests.</summary>
    public int CompletionTokens { get; private set; }

    /// <summary>Cost of all requests in <see cref="ChatTelemetry.Currency"/>; null when the model has no price.</summary>
    public decimal? Cost { get; private set; }

    /// <summary>The finish reason of the last answer (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, ...).</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Calls of high-risk tools the model asked for: <c>{ tool, args, id }</c>, not run.</summary>
    public JsonArray ToolRequests { get; } = [];

    /// <summary>
    /// Asks the model until it answers without tool calls, or asks for a high-risk tool (then
    /// <see cref="ToolRequests"/> is not empty). Low- and medium-risk calls run and their results are sent back.
    /// </summary>
    public async Task<ChatMessageContent> CompleteAsync(PromptExecutionSettings settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            var answer = await AskAsync(settings, cancellationToken).ConfigureAwait(false);
            var calls = tools.Any ? FunctionCallContent.GetFunctionCalls(answer).ToList() : [];
            if (calls.Count == 0)
            {
                return answer;
            }

            if (++_rounds > options.MaxToolRounds)
            {
                throw new NodeExecutionException(
                    $"node '{context.NodeId}': model {model.Describe()} still asked for tools after {options.MaxToolRounds} rounds of tool calls ({string.Join(", ", calls.Select(c => c.FunctionName))}); simplify the task or offer fewer tools");
            }

            History.Add(answer);
            foreach (var call in calls)
            {
                await HandleAsync(answer, call, cancellationToken).ConfigureAwait(false);
            }

            if (ToolRequests.Count > 0)
            {
                return answer;
            }
        }
    }

    private async Task<ChatMessageContent> AskAsync(PromptExecutionSettings settings, CancellationToken cancellationToken)
    {
        Requests++;
        Log.CallingModel(logger, context.NodeId, model.Definition.Name, model.Definition.Provider, Requests);
        IReadOnlyList<ChatMessageContent> answers;
        using var call = telemetry.StartCall(History);
        var counter = ModelRequestCounter.Start();
        try
        {
            answers = await model.Service.GetChatMessageContentsAsync(History, settings, kernel: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            if (ModelCallErrors.IsModelFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                throw new NodeExecutionException($"node '{context.NodeId}': model {model.Describe()} {ModelCallErrors.Describe(ex, options, counter.Requests)}", ex);
            }

            throw;
        }

        if (answers.Count == 0)
        {
            var empty = new NodeExecutionException($"node '{context.NodeId}': model {model.Describe()} returned no answer");
            call.Fail(empty);
            throw empty;
        }

        var answer = answers[0];
        var (input, output) = Usage(answer.Metadata);
        PromptTokens += input;
        CompletionTokens += output;
        FinishReason = answer.Metadata?.TryGetValue("FinishReason", out var reason) == true ? WireName(reason?.ToString()) : null;
        if (call.Complete(answer, input, output, FinishReason) is { } cost)
        {
            Cost = (Cost ?? 0m) + cost;
        }

        return answer;
    }

    /// <summary>
    /// The tokens of one answer: the OpenAI connector's <c>Usage</c> (the provider's count), else the local model's
    /// <c>PromptTokens</c>/<c>CompletionTokens</c> (its own tokenizer). Only the answer that arrived counts: retried
    /// HTTP attempts (429, 5xx) produced no completion.
    /// </summary>
    private static (int Input, int Output) Usage(IReadOnlyDictionary<string, object?>? metadata)
    {
        if (metadata is null)
        {
            return (0, 0);
        }

        if (metadata.TryGetValue("Usage", out var usage) && usage is ChatTokenUsage tokens)
        {
            return (tokens.InputTokenCount, tokens.OutputTokenCount);
        }

        return (
            metadata.TryGetValue("PromptTokens", out var p) && p is int prompt ? prompt : 0,
            metadata.TryGetValue("CompletionTokens", out var c) && c is int completion ? completion : 0);
    }

    /// <summary>The connector reports the SDK's enum name (<c>ToolCalls</c>); the exchange keeps the wire form (<c>tool_calls</c>).</summary>
    private static string? WireName(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return null;
        }

        var name = new StringBuilder(reason.Length + 4);
        foreach (var c in reason)
        {
            if (char.IsUpper(c) && name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(c));
        }

        return name.ToString();
    }

    private async Task HandleAsync(ChatMessageContent answer, FunctionCallContent call, CancellationToken cancellationToken)
    {
        var tool = tools.Resolve(call);
        if (tool is null)
        {
            Reply(call, new JsonObject { ["error"] = $"there is no tool named '{call.FunctionName}'" });
            return;
        }

        if (call.Exception is not null)
        {
            Reply(call, new JsonObject { ["error"] = "the arguments were not valid JSON; send one JSON object as 'args'" });
            return;
        }

        var args = Args(answer, call);
        if (tool.Risk == ToolRisk.High)
        {
            // Never run here: the workflow routes the request to an approval node and a tool node runs it.
            Log.ToolCallNeedsApproval(logger, context.NodeId, tool.Name);
            ToolRequests.Add(new JsonObject { ["tool"] = tool.Name, ["args"] = args, ["id"] = call.Id });
            return;
        }

        if (context.Replay)
        {
            // A replay fork acts on nothing: the model learns what its call would have been, and nothing is called.
            Reply(call, new JsonObject { ["skipped"] = true, ["wouldCall"] = new JsonObject { ["tool"] = tool.Name, ["args"] = args.DeepClone() } });
            return;
        }

        var kind = toolKinds(tool.Kind)
            ?? throw new NodeExecutionException($"node '{context.NodeId}': the model called tool '{tool.Name}', but '{tool.Kind}' tools are not available to llm nodes here");
        Log.InvokingTool(logger, context.NodeId, tool.Name, tool.Risk);
        JsonNode? result;
        using var span = telemetry.StartTool(tool.Name, call.Id, tool.Risk);
        try
        {
            // The tool kind's own spans hang under this tool call's span.
            var execution = context with { NodeId = CallNodeId(tool.Name, args), TraceParent = span?.Context ?? context.TraceParent };
            result = await kind.InvokeAsync(new ToolCall { Tool = tool, Args = args, Execution = execution }, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeExecutionException ex)
        {
            // The model may correct its arguments; the failure is in the exchange either way.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            result = new JsonObject { ["error"] = ex.Message };
        }
        catch (Exception ex)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }

        Reply(call, result);
    }

    private void Reply(FunctionCallContent call, JsonNode? result) =>
        History.Add(new FunctionResultContent(call, result?.ToJsonString() ?? "null").ToChatMessage());

    /// <summary>The tool args: the <c>args</c> object, or the whole arguments when the model left the wrapper out.</summary>
    private static JsonObject Args(ChatMessageContent answer, FunctionCallContent call)
    {
        var all = ChatTranscript.Arguments(answer, call);
        if (all.Count == 1 && all.TryGetPropertyValue(ToolBindings.ArgsParameter, out var inner))
        {
            // Some models send the object JSON-encoded in a string.
            return inner switch
            {
                JsonObject args => (JsonObject)args.DeepClone(),
                JsonValue value when value.TryGetValue<string>(out var text) => ChatTranscript.ParseObject(text) ?? [],
                _ => [],
            };
        }

        return all;
    }

    /// <summary>
    /// <c>NODE.tool[NAME:HASH]</c>: the idempotency key of a tool call follows what is called, not the call's position,
    /// so a retried node that asks for the same call gets the ledger's recorded result, and a different call acts anew.
    /// </summary>
    private string CallNodeId(string toolName, JsonObject args)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{toolName}\n{args.ToJsonString()}")))[..12];
        var key = $"{toolName}:{hash}";
        var repeat = _callKeys[key] = _callKeys.GetValueOrDefault(key) + 1;
        return $"{context.NodeId}.tool[{key}{(repeat > 1 ? $":{repeat}" : string.Empty)}]";
    }
}
