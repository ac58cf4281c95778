using System.Text;

namespace AgentFlow.Core.Tests.Validation;

public sealed class LargeWorkflowTests
{
    /// <summary>A generated chain with branches and a template per node; correctness only (speed lives in bench/).</summary>
    internal static string Generate(int count)
    {
        var nodes = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var next = i + 1 < count ? $"\"next\": \"n{i + 1}\"" : string.Empty;
            var body = i % 10 == 0 && i > 0
                ? $"\"kind\": \"llm\", \"agent\": \"writer\", \"prompt\": \"after {{{{ n{i - 1}.v }}}}\""
                : $"\"kind\": \"set\", \"values\": {{ \"v\": \"{{{{ inputs.topic }}}} {i}\" }}";
            nodes.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"n{i}\": {{ {body}{(next.Length > 0 ? ", " + next : string.Empty)} }}");
            nodes.Append(i + 1 < count ? ",\n" : "\n");
        }

        return Validate.Workflow("{\n" + nodes + "}", "n0", "\"inputs\": { \"topic\": { \"type\": \"string\", \"default\": \"x\" } }");
    }

    [Fact]
    public void Validate_FiveThousandNodeChain_IsValid()
    {
        Assert.Empty(Validate.Json(Generate(5000)));
    }

    [Fact]
    public void Validate_FiveThousandNodeChain_WithForwardReference_ReportsIt()
    {
        var json = Generate(5000).Replace("{{ n9.v }}", "{{ n4000.text }}", StringComparison.Ordinal);

        var error = Assert.Single(Validate.Json(json));
        Assert.Equal("$.nodes.n10.prompt", error.JsonPath);
    }

    [Fact]
    public void Validate_ChainAtTheNodeLimit_IsValid()
    {
        Assert.Empty(Validate.Json(Generate(AgentFlow.Core.Validation.WorkflowLimits.MaxNodes)));
    }

    [Fact]
    public void Validate_ChainOverTheNodeLimit_ReportsAF210AtNodes()
    {
        var error = Assert.Single(Validate.Json(Generate(AgentFlow.Core.Validation.WorkflowLimits.MaxNodes + 1)));

        Assert.Equal(("AF210", "$.nodes"), (error.Code, error.JsonPath));
        Assert.Contains("10,001 nodes; at most 10,000", error.Message, StringComparison.Ordinal);
    }
}
