using AgentFlow.Core.Model;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentFlow.Agents.Llm;

/// <summary>A workflow model ready to chat: its declaration and the Semantic Kernel chat service built for it.</summary>
public sealed class ChatModel
{
    internal ChatModel(ModelDefinition definition, IChatCompletionService service, Uri? endpoint)
    {
        Definition = definition;
        Service = service;
        Endpoint = endpoint;
    }

    /// <summary>The <c>models</c> entry.</summary>
    public ModelDefinition Definition { get; }

    /// <summary>The chat completion service every request of this model goes through.</summary>
    public IChatCompletionService Service { get; }

    /// <summary>Where requests go (<see langword="null"/> for the in-process <c>local</c> model).</summary>
    public Uri? Endpoint { get; }

    /// <summary>The model id requests name: the provider's model (or Azure deployment), <c>agentflow-local</c> for <c>local</c>.</summary>
    public string RequestModel => Definition.ModelId is { Length: > 0 } id && !IsLocal ? id : Local.LocalChatCompletionService.ModelId;

    /// <summary>Whether the model is the in-process <c>local</c> one, which fills an output schema itself.</summary>
    public bool IsLocal => Definition.Provider == ModelProviders.Local;

    /// <summary>How errors name the model: <c>'writer' (openai gpt-4o-mini at http://host/v1)</c>.</summary>
    public string Describe() => Definition.Provider == ModelProviders.Local
        ? $"'{Definition.Name}' (local)"
        : $"'{Definition.Name}' ({Definition.Provider} {Definition.ModelId} at {Endpoint?.GetLeftPart(UriPartial.Path)})";
}
