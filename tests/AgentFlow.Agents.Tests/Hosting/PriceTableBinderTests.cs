using System.Text;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Telemetry;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Agents.Tests.Hosting;

/// <summary>Binding the <c>pricing</c> settings from agentflow.json and <c>AGENTFLOW__PRICING__*</c>.</summary>
public sealed class PriceTableBinderTests
{
    [Fact]
    public void Bind_JsonFile_ReadsCurrencyAndPricesPerMillionTokens()
    {
        var table = Bind("""
            { "pricing": { "currency": "eur", "models": {
                "gpt-4.1-mini": { "input": 0.4, "output": 1.6 },
                "text-embedding-3-small": { "input": 0.02 } } } }
            """);

        Assert.Equal("EUR", table.Currency);
        Assert.Equal(new ModelPrice(0.4m, 1.6m), table.Find("GPT-4.1-MINI"));
        Assert.Equal(new ModelPrice(0.02m, 0m), table.Find("text-embedding-3-small"));
        Assert.Null(table.Find("gpt-4o"));
    }

    [Fact]
    public void Bind_NoPricing_IsAnEmptyTableInUsd()
    {
        var table = Bind("""{ "backend": "sqlite" }""");

        Assert.Equal("USD", table.Currency);
        Assert.Empty(table.Models);
    }

    [Fact]
    public void Bind_LaterLayer_OverridesOnePrice()
    {
        var table = Bind("""{ "pricing": { "models": { "gpt-test": { "input": 1, "output": 2 } } } }""", ("pricing:models:gpt-test:output", "3.5"));

        Assert.Equal(new ModelPrice(1m, 3.5m), table.Find("gpt-test"));
    }

    [Theory]
    [InlineData("""{ "pricing": { "models": { "gpt-4.1": { "input": -0.5, "output": 1 } } } }""", "pricing.models.gpt-4.1.input: is '-0.5'")]
    [InlineData("""{ "pricing": { "models": { "gpt-test": { "input": 1, "output": "cheap" } } } }""", "pricing.models.gpt-test.output: is 'cheap'")]
    [InlineData("""{ "pricing": { "models": { "gpt-test": { "inputPrice": 1 } } } }""", "pricing.models.gpt-test.inputPrice: is not a price")]
    [InlineData("""{ "pricing": { "models": { "gpt-test": 0.5 } } }""", "pricing.models.gpt-test: is '0.5'")]
    [InlineData("""{ "pricing": { "models": { "gpt-test": {} } } }""", "pricing.models.gpt-test: has no price")]
    [InlineData("""{ "pricing": { "currency": "dollars" } }""", "pricing.currency: is 'dollars'")]
    [InlineData("""{ "pricing": { "models": "gpt-4o" } }""", "pricing.models: is 'gpt-4o'")]
    public void Bind_BadValue_NamesTheSetting(string json, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(json));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadValueFromTheEnvironment_NamesTheVariable()
    {
        const string variable = "AGENTFLOW__PRICING__MODELS__PRICE-BINDER-TEST__INPUT";
        Environment.SetEnvironmentVariable(variable, "-1");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(ConfigurationSettings.EnvironmentPrefix).Build();

            var ex = Assert.Throws<ConfigurationException>(() => PriceTableBinder.Bind(configuration));

            Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static PriceTable Bind(string json, params (string Key, string Value)[] overrides) =>
        PriceTableBinder.Bind(new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build());
}
