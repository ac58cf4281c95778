using System.ClientModel.Primitives;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// For OpenAI-compatible servers that need no key (Ollama, llama.cpp): the SDK insists on a credential, so a
/// placeholder is given and this policy, placed just before the transport, removes the Authorization header it made.
/// </summary>
internal sealed class KeylessPolicy : PipelinePolicy
{
    /// <summary>The credential handed to the SDK; never sent.</summary>
    public const string Placeholder = "no-key";

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Remove("Authorization");
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Remove("Authorization");
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
