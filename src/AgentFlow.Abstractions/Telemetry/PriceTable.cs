namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Prices of models from configuration (<c>pricing</c> in agentflow.json: <c>currency</c> and <c>models</c>, keyed by
/// the provider's model id, e.g. <c>gpt-4o-mini</c>, or by the workflow's model name). A model without a price costs
/// nothing and its calls say so (cost null); the <c>local</c> provider is free.
/// </summary>
public sealed class PriceTable
{
    /// <summary>A table with no prices.</summary>
    public static PriceTable Empty { get; } = new("USD", new Dictionary<string, ModelPrice>());

    /// <summary>Creates a table.</summary>
    public PriceTable(string currency, IReadOnlyDictionary<string, ModelPrice> models)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentNullException.ThrowIfNull(models);
        Currency = currency;
        Models = new Dictionary<string, ModelPrice>(models, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Currency of every price (ISO 4217 code, e.g. <c>USD</c>).</summary>
    public string Currency { get; }

    /// <summary>Prices by model id or model name.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Models { get; }

    /// <summary>The price of the first of <paramref name="names"/> that has one (provider model id first, then the workflow's name).</summary>
    public ModelPrice? Find(params ReadOnlySpan<string?> names)
    {
        foreach (var name in names)
        {
            if (name is not null && Models.TryGetValue(name, out var price))
            {
                return price;
            }
        }

        return null;
    }
}
