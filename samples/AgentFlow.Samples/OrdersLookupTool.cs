using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Samples;

/// <summary>
/// Example code tool <c>orders.lookup</c> (used by workflows/refund-approval.json): finds an order in
/// <c>data/orders.json</c> next to the workflow file. Args: <c>order</c> (id), <c>customer</c> (must match).
/// Read-only.
/// </summary>
internal sealed class OrdersLookupTool : ICodeTool
{
    public string Name => "orders.lookup";

    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var orderId = toolCall.Args["order"]?.ToString() ?? throw new NodeExecutionException("orders.lookup: args.order is required");
        var customer = toolCall.Args["customer"]?.ToString();
        var file = Path.Combine(Path.GetDirectoryName(toolCall.Execution.WorkflowFile) ?? ".", "data", "orders.json");
        if (!File.Exists(file))
        {
            throw new NodeExecutionException($"orders.lookup: {file} does not exist (the sample reads data/orders.json next to the workflow)");
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException ex)
        {
            throw new NodeExecutionException($"orders.lookup: {file} is not valid JSON: {ex.Message}");
        }

        var order = (document?["orders"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => o["order"]?.ToString() == orderId)
            ?? throw new NodeExecutionException($"no order '{orderId}'");
        if (customer is not null && !string.Equals(order["customer"]?.ToString(), customer, StringComparison.OrdinalIgnoreCase))
        {
            throw new NodeExecutionException($"order '{orderId}' does not belong to {customer}");
        }

        return order.DeepClone();
    }
}
