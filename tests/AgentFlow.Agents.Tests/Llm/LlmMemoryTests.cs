using AgentFlow.Abstractions.Memory;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;
using Moq;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>An agent with <c>memory.recall: k</c> gets its k most relevant memories in the model's context.</summary>
public sealed class LlmMemoryTests
{
    [Fact]
    public async Task Agent_with_memory_recall_gets_its_memories_as_context()
    {
        var memory = new Mock<IAgentMemory>();
        memory.Setup(m => m.RecallAsync("writer", It.IsAny<string>(), 2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(["Issue 12 covered semantic caching at a travel marketplace."]);
        using var executor = new LlmNodeExecutor(new LlmOptions(), memory: memory.Object);
        var workflow = LlmWorkflows.Create("""{ "provider": "local" }""");
        workflow = workflow with { Agents = new Dictionary<string, AgentDefinition> { ["writer"] = workflow.Agents["writer"] with { RecallCount = 2 } } };

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(workflow, "Summarise what earlier issues covered."), CancellationToken.None);

        memory.Verify(m => m.RecallAsync("writer", "Summarise what earlier issues covered.", 2, It.IsAny<CancellationToken>()), Times.Once);
        var messages = output!["exchange"]!["messages"]!.AsArray();
        Assert.Contains(messages, m => ((string?)m!["content"])!.Contains("Issue 12 covered semantic caching", StringComparison.Ordinal));
        Assert.Contains("semantic caching", (string?)output["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_without_memory_recall_is_not_given_memories()
    {
        var memory = new Mock<IAgentMemory>(MockBehavior.Strict);
        using var executor = new LlmNodeExecutor(new LlmOptions(), memory: memory.Object);

        var output = await executor.ExecuteAsync(LlmWorkflows.Context(LlmWorkflows.Create("""{ "provider": "local" }"""), "Write a line."), CancellationToken.None);

        Assert.Equal(["system", "user"], output!["exchange"]!["messages"]!.AsArray().Select(m => (string?)m!["role"]));
    }
}
