using System.Text.Json.Nodes;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>Lets Liquid look names up in an <see cref="ITemplateState"/>, converting only what a template touches.</summary>
internal sealed class StateFluidIndexable(ITemplateState state) : IFluidIndexable
{
    public int Count => state.Count();

    public IEnumerable<string> Keys => state.Select(p => p.Key);

    public bool TryGetValue(string name, out FluidValue value)
    {
        if (state.TryGetValue(name, out var node))
        {
            value = FluidJson.ToFluid(node);
            return true;
        }

        value = NilValue.Instance;
        return false;
    }
}
