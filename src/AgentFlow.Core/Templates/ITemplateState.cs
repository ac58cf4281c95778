using System.Text.Json.Nodes;

namespace AgentFlow.Core.Templates;

/// <summary>
/// Template state that can be looked up by name: a template then reads only the names it uses, so rendering costs
/// the same however many nodes a run has already finished. Any other state is read whole for every template.
/// </summary>
public interface ITemplateState : IEnumerable<KeyValuePair<string, JsonNode?>>
{
    /// <summary>The value of <paramref name="name"/>, or false when the state has no such name.</summary>
    bool TryGetValue(string name, out JsonNode? value);
}
