using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Engine.TestWorker;

/// <summary>
/// <c>test.inflight</c>: counts the calls in flight per <c>args.key</c> and returns the highest count seen so far
/// (<c>peak</c>). Each call holds until <c>args.until</c> calls have been in flight together once (or, should that
/// never happen, a generous deadline passes), so the peak does not depend on how fast the machine is.
/// </summary>
internal sealed class InFlightTool : ICodeTool
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, Counter> Counters = new();

    public string Name => "test.inflight";

    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var key = toolCall.Args["key"]?.GetValue<string>() ?? "default";
        var until = toolCall.Args["until"]?.GetValue<int>() ?? 1;
        var counter = Counters.GetOrAdd(key, _ => new Counter());
        counter.Enter(until);
        try
        {
            await Task.WhenAny(counter.Reached.Task, Task.Delay(GiveUp, cancellationToken)).ConfigureAwait(false);
            return new JsonObject { ["peak"] = counter.Peak };
        }
        finally
        {
            counter.Leave();
        }
    }

    private sealed class Counter
    {
        private int _current;
        private int _peak;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Peak => Volatile.Read(ref _peak);

        public void Enter(int until)
        {
            var now = Interlocked.Increment(ref _current);
            var seen = Volatile.Read(ref _peak);
            while (now > seen && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
                seen = Volatile.Read(ref _peak);
            }

            if (now >= until)
            {
                Reached.TrySetResult();
            }
        }

        public void Leave() => Interlocked.Decrement(ref _current);
    }
}
