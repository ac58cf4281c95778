using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Samples;

/// <summary>
/// Example code tool <c>payments.refund</c> (used by workflows/refund-approval.json): a stand-in payment provider that
/// books the refund as a line in <c>DATA/payments.jsonl</c>. Args: <c>order</c>, <c>amount</c> (&gt; 0), <c>currency</c>.
/// It is declared <c>risk: high</c>, so the side-effect ledger makes it pay at most once per idempotency key.
/// </summary>
internal sealed class PaymentsRefundTool(string dataDirectory) : ICodeTool
{
    // One writer at a time, so concurrent refunds never interleave their lines.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Name => "payments.refund";

    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var order = toolCall.Args["order"]?.ToString() ?? throw new NodeExecutionException("payments.refund: args.order is required");
        var amountText = toolCall.Args["amount"]?.ToString();
        if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new NodeExecutionException($"payments.refund: args.amount must be a positive number, got '{amountText}'");
        }

        var payment = new JsonObject
        {
            ["paymentId"] = "pay_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(toolCall.Execution.IdempotencyKey)))[..12],
            ["key"] = toolCall.Execution.IdempotencyKey,
            ["order"] = order,
            ["amount"] = amount,
            ["currency"] = toolCall.Args["currency"]?.ToString() ?? "EUR",
        };
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(dataDirectory);
            // Not cancellable: a refund that has started is booked whole.
            await File.AppendAllTextAsync(Path.Combine(dataDirectory, "payments.jsonl"), payment.ToJsonString() + Environment.NewLine, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }

        return payment;
    }
}
