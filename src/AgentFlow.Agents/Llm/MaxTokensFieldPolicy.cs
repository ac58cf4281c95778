using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Sends the token limit under the field a model's server understands (<c>models.NAME.maxTokensField</c>). The OpenAI
/// SDK always writes <c>max_completion_tokens</c> (and the Azure one <c>max_tokens</c>), but many OpenAI-compatible
/// servers know only <c>max_tokens</c>, and reasoning models only <c>max_completion_tokens</c>: the request body is
/// rewritten here, in the SDK pipeline, just before it is sent.
/// </summary>
internal sealed class MaxTokensFieldPolicy(string field) : PipelinePolicy
{
    /// <summary>The older field, understood by most OpenAI-compatible servers.</summary>
    public const string MaxTokens = "max_tokens";

    /// <summary>The field OpenAI's current API (and its reasoning models) use.</summary>
    public const string MaxCompletionTokens = "max_completion_tokens";

    private readonly string _other = field == MaxTokens ? MaxCompletionTokens : MaxTokens;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        Rewrite(message.Request);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        Rewrite(message.Request);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Rewrite(PipelineRequest request)
    {
        if (request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body || !body.Remove(_other, out var limit))
        {
            return;
        }

        body[field] = limit;
        request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
