using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Engine.TestWorker;

/// <summary><c>test.stubborn</c>: waits <c>args.ms</c> milliseconds ignoring its cancellation token (a tool that cannot be interrupted).</summary>
internal sealed class StubbornSleepTool : ICodeTool
{
    public string Name => "test.stubborn";

    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var ms = toolCall.Args["ms"]?.GetValue<int>() ?? 0;
        await Task.Delay(ms, CancellationToken.None).ConfigureAwait(false);
        return new JsonObject { ["slept"] = ms };
    }
}
