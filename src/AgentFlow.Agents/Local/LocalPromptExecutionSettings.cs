using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel;

namespace AgentFlow.Agents.Local;

/// <summary>Request settings understood by <see cref="LocalChatCompletionService"/>.</summary>
public sealed class LocalPromptExecutionSettings : PromptExecutionSettings
{
    private int? _maxTokens;
    private JsonElement? _outputSchema;

    /// <summary>Cap on generated tokens (see <see cref="LocalCompletionRequest.MaxTokens"/>).</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens
    {
        get => _maxTokens;
        set
        {
            ThrowIfFrozen();
            _maxTokens = value;
        }
    }

    /// <summary>JSON Schema the answer must match; the local model then answers with a JSON value built for it.</summary>
    [JsonPropertyName("output_schema")]
    public JsonElement? OutputSchema
    {
        get => _outputSchema;
        set
        {
            ThrowIfFrozen();
            _outputSchema = value;
        }
    }

    /// <inheritdoc />
    public override PromptExecutionSettings Clone() => new LocalPromptExecutionSettings
    {
        ModelId = ModelId,
        ServiceId = ServiceId,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        MaxTokens = MaxTokens,
        OutputSchema = OutputSchema,
    };
}
