using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tools;

namespace AgentFlow.Engine.TestWorker;

/// <summary>The workflow runtime used by engine tests: built-in and test code tools, and a stand-in for llm nodes.</summary>
public static class TestRuntime
{
    /// <summary>A runtime over <paramref name="store"/>; <paramref name="sideEffectFile"/> records test.count calls.</summary>
    /// <remarks>With <paramref name="ledger"/>, medium- and high-risk tools go through the side-effect ledger.</remarks>
    /// <remarks>With <paramref name="memory"/>, approvals with <c>learn</c> remember their feedback there.</remarks>
    public static WorkflowRuntime Create(IDefinitionStore store, string sideEffectFile, IApprovalEventSink? approvalEvents = null, IEffectLedger? ledger = null, IAgentMemoryWriter? memory = null)
    {
        IToolKind code = new CodeToolKind([.. BuiltInTools.Create(), .. TestTools.Create(sideEffectFile)]);
        if (ledger is not null)
        {
            code = new LedgeredToolKind(code, ledger);
        }

        return new(store, new NodeExecutorRegistry([new ToolNodeExecutor([code]), new UppercaseLlm()]), approvalEvents, memory: memory);
    }

    /// <summary>What the stand-in for llm nodes reports it spent on each call: <see cref="PromptTokens"/> + <see cref="CompletionTokens"/> tokens, costing <see cref="CallCost"/>.</summary>
    public const int PromptTokens = 10;

    /// <summary>Completion tokens of each stand-in call.</summary>
    public const int CompletionTokens = 5;

    /// <summary>Cost of each stand-in call (USD).</summary>
    public const decimal CallCost = 0.01m;

    /// <summary>Answers an llm node with its prompt in upper case (tests the dispatch, not a model), reporting a fixed usage.</summary>
    private sealed class UppercaseLlm : INodeExecutor
    {
        public NodeKind Kind => NodeKind.Llm;

        public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(new JsonObject
            {
                ["text"] = context.Input["prompt"]?.GetValue<string>().ToUpperInvariant(),
                ["usage"] = new JsonObject { ["promptTokens"] = PromptTokens, ["completionTokens"] = CompletionTokens, ["calls"] = 1, ["cost"] = CallCost, ["currency"] = "USD" },
            });
    }
}
