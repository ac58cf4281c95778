using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Reads the <see cref="PriceTable"/> from the optional <c>pricing</c> object of <c>agentflow.json</c>:
/// <c>{ "currency": "USD", "models": { "gpt-4o-mini": { "input": 0.15, "output": 0.60 } } }</c>, prices per one
/// million tokens, keyed by the provider's model id or the workflow's model name; then
/// <c>AGENTFLOW__PRICING__CURRENCY</c> and <c>AGENTFLOW__PRICING__MODELS__ID__INPUT</c> / <c>__OUTPUT</c>. A model with
/// only one price costs nothing for the other kind of token (an embedding model has no output).
/// </summary>
public static class PriceTableBinder
{
    /// <summary>The configuration section.</summary>
    public const string Section = "pricing";

    /// <summary>The currency when none is configured.</summary>
    public const string DefaultCurrency = "USD";

    /// <summary>Reads the table; <see cref="PriceTable.Empty"/>'s contents when there is no <c>pricing</c> section.</summary>
    /// <exception cref="ConfigurationException">A price or the currency cannot be read; the message names the setting.</exception>
    public static PriceTable Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var currency = DefaultCurrency;
        configuration.Bind($"{Section}.currency", Currency, v => currency = v);
        var models = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        var section = configuration.GetSection($"{Section}:models");
        if (section.Value is { Length: > 0 } scalar)
        {
            throw new ConfigurationException($"{Section}.models", $"is '{scalar}'; it is an object of models, e.g. {{ \"gpt-4o-mini\": {{ \"input\": 0.15, \"output\": 0.60 }} }}");
        }

        foreach (var model in section.GetChildren())
        {
            models[model.Key] = Price(configuration, model);
        }

        return new PriceTable(currency, models);
    }

    private static ModelPrice Price(IConfiguration configuration, IConfigurationSection model)
    {
        var at = $"{Section}.models.{model.Key}";
        if (model.Value is { Length: > 0 } scalar)
        {
            throw new ConfigurationException(at, $"is '{scalar}'; give the prices per 1M tokens as {{ \"input\": ..., \"output\": ... }}");
        }

        if (model.GetChildren().FirstOrDefault(c => !IsPriceKey(c.Key)) is { } unknown)
        {
            throw new ConfigurationException($"{at}.{unknown.Key}", "is not a price; use 'input' and 'output' (per 1M tokens)");
        }

        var input = Amount(configuration, model, "input");
        var output = Amount(configuration, model, "output");
        if (input is null && output is null)
        {
            throw new ConfigurationException(at, "has no price; give 'input' and/or 'output' (per 1M tokens)");
        }

        return new ModelPrice(input ?? 0m, output ?? 0m);
    }

    private static bool IsPriceKey(string key) =>
        string.Equals(key, "input", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "output", StringComparison.OrdinalIgnoreCase);

    private static decimal? Amount(IConfiguration configuration, IConfigurationSection model, string name)
    {
        if (configuration.FindKey($"{model.Path}:{name}", $"{Section}.models.{model.Key}.{name}") is not { } found)
        {
            return null;
        }

        return decimal.TryParse(found.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? amount
            : throw new ConfigurationException(found.Setting, $"is '{found.Value}'; give a price per 1M tokens as a number, 0 or more (e.g. 0.15)");
    }

    private static string Currency(string text, string setting)
    {
        var code = text.Trim();
        return code.Length == 3 && code.All(char.IsAsciiLetter)
            ? code.ToUpperInvariant()
            : throw new ConfigurationException(setting, $"is '{text}'; use a three-letter ISO 4217 currency code such as USD or EUR");
    }
}
