using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentFlow.Core.Templates;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Agents.Local;

/// <summary>
/// The <c>local</c> provider as a Semantic Kernel chat service, so every provider goes through the same path. The
/// system messages are the instructions and the last user message is the prompt of one
/// <see cref="LocalLanguageModel"/> request; earlier turns are ignored. It never calls tools.
/// </summary>
/// <remarks>
/// Settings: <see cref="LocalPromptExecutionSettings"/>, or any settings whose extension data has <c>max_tokens</c>
/// and/or <c>output_schema</c>. Answers carry the metadata keys <c>PromptTokens</c>, <c>CompletionTokens</c> and
/// <c>FinishReason</c> (<c>stop</c>).
/// </remarks>
public sealed class LocalChatCompletionService : IChatCompletionService
{
    /// <summary>The model id the answers report.</summary>
    public const string ModelId = "agentflow-local";

    private readonly LocalLanguageModel _model;

    /// <summary>Creates the service around <paramref name="model"/>.</summary>
    public LocalChatCompletionService(LocalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = ModelId };

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var completion = _model.Complete(Request(chatHistory, executionSettings), cancellationToken);
        var message = new ChatMessageContent(AuthorRole.Assistant, completion.Text, ModelId)
        {
            Metadata = new Dictionary<string, object?>
            {
                ["PromptTokens"] = completion.PromptTokens,
                ["CompletionTokens"] = completion.CompletionTokens,
                ["FinishReason"] = "stop",
            },
        };
        return Task.FromResult<IReadOnlyList<ChatMessageContent>>([message]);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The whole answer is ready at once, so it streams as one update.
        var messages = await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            yield return new StreamingChatMessageContent(message.Role, message.Content, modelId: ModelId) { Metadata = message.Metadata };
        }
    }

    private static LocalCompletionRequest Request(ChatHistory history, PromptExecutionSettings? settings)
    {
        static bool IsMemory(ChatMessageContent m) => m.Metadata?.ContainsKey(Llm.LlmNodeExecutor.MemoryMetadataKey) == true;

        // The spotlight note is for models that could take marked text for instructions; this one reads the prompt
        // as text with the markers taken out, so they neither show up in answers nor count as content.
        static bool IsSpotlightNote(ChatMessageContent m) => m.Metadata?.ContainsKey(Llm.LlmNodeExecutor.SpotlightMetadataKey) == true;
        var system = history.Where(m => (m.Role == AuthorRole.System || m.Role == AuthorRole.Developer) && !IsMemory(m) && !IsSpotlightNote(m))
            .Select(m => m.Content).OfType<string>().ToList();
        var context = history.Where(IsMemory).SelectMany(m => (m.Content ?? string.Empty).Split("\n- ").Skip(1)).ToList();
        var prompt = SpotlightMarkers.Unmark(history.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? string.Empty);
        var (maxTokens, schema) = settings switch
        {
            LocalPromptExecutionSettings local => (local.MaxTokens, local.OutputSchema),
            null => (null, null),
            _ => (Extension<int?>(settings, "max_tokens"), Extension<JsonElement?>(settings, "output_schema")),
        };
        return new LocalCompletionRequest
        {
            Instructions = system.Count == 0 ? null : string.Join("\n\n", system),
            Prompt = prompt,
            MaxTokens = maxTokens,
            OutputSchema = schema,
            Context = context,
        };
    }

    private static T? Extension<T>(PromptExecutionSettings settings, string name) =>
        settings.ExtensionData?.TryGetValue(name, out var value) == true && value is not null
            ? value is T typed ? typed : JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToElement(value))
            : default;
}
