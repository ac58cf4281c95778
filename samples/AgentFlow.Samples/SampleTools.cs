using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Samples;

/// <summary>
/// The example code tools that the example workflows call (<c>orders.lookup</c>, <c>payments.refund</c>). They stand
/// in for a shop's own systems; a real deployment registers its own <see cref="ICodeTool"/>s the same way.
/// </summary>
public static class SampleTools
{
    /// <summary>Creates the sample tools; <paramref name="dataDirectory"/> is where <c>payments.refund</c> books refunds.</summary>
    public static IReadOnlyList<ICodeTool> Create(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return [new OrdersLookupTool(), new PaymentsRefundTool(dataDirectory)];
    }
}
