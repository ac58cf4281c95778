using AgentFlow.Agents.Local;
using AgentFlow.Core.Model.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;

namespace AgentFlow.Agents.Llm;

/// <summary>The request settings of one <c>llm</c> node for its model's provider.</summary>
internal static class ChatSettings
{
    /// <summary>
    /// Temperature, max tokens, the response format for an <c>output</c> schema and the offered tools (declared only:
    /// the executor runs the calls itself, so Semantic Kernel's auto-invoke stays off).
    /// </summary>
    public static PromptExecutionSettings Create(ChatModel model, LlmNode node, OutputSchema? schema, ToolBindings tools, LlmOptions options)
    {
        if (model.IsLocal)
        {
            // The local model builds its answer from the schema itself and never calls tools.
            return new LocalPromptExecutionSettings { MaxTokens = node.MaxTokens, OutputSchema = schema?.Source };
        }

        OpenAIPromptExecutionSettings settings = model.Definition.Provider == ModelProviders.AzureOpenAI
            ? new AzureOpenAIPromptExecutionSettings()
            : new OpenAIPromptExecutionSettings();
        settings.Temperature = node.Temperature;
        settings.MaxTokens = node.MaxTokens;
        if (schema is not null)
        {
            settings.ResponseFormat = options.StructuredOutput == StructuredOutputMode.JsonSchema && schema.IsObject
                ? ChatResponseFormat.CreateJsonSchemaFormat("output", BinaryData.FromString(schema.Source.GetRawText()), jsonSchemaIsStrict: false)
                : "json_object";
        }

        if (tools.Any)
        {
            settings.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(tools.Functions, autoInvoke: false);
        }

        return settings;
    }

    /// <summary>
    /// The sentence added to the system message when an OpenAI-compatible model must answer with JSON: JSON mode
    /// requires the prompt to ask for JSON, and models follow a schema they can read more closely.
    /// </summary>
    public static string SchemaInstruction(OutputSchema schema) =>
        $"Answer with one JSON value only, no prose and no code fences, that matches this JSON Schema:\n{schema.Source.GetRawText()}";

    /// <summary>The user message of the one repair attempt.</summary>
    public static string RepairRequest(IReadOnlyList<string> errors) =>
        "Your answer does not match the required JSON Schema:\n"
        + string.Join('\n', errors.Select(e => $"- {e}"))
        + "\nReply with the corrected JSON only.";
}
