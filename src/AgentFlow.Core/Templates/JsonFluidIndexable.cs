using System.Text.Json.Nodes;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>Lets Liquid read a <see cref="JsonObject"/> member by member, converting only what a template touches.</summary>
internal sealed class JsonFluidIndexable(JsonObject value) : IFluidIndexable
{
    public JsonObject Value { get; } = value;

    public int Count => Value.Count;

    public IEnumerable<string> Keys => Value.Select(p => p.Key);

    public bool TryGetValue(string name, out FluidValue value)
    {
        if (Value.TryGetPropertyValue(name, out var node))
        {
            value = FluidJson.ToFluid(node);
            return true;
        }

        value = NilValue.Instance;
        return false;
    }
}
