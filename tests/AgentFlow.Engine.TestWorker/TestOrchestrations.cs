using Microsoft.DurableTask;

namespace AgentFlow.Engine.TestWorker;

/// <summary>Orchestrations and activities the conformance suite runs on every backend.</summary>
public static class TestOrchestrations
{
    /// <summary>Registers everything below with a host builder.</summary>
    public static Hosting.AgentFlowHostBuilder AddConformance(this Hosting.AgentFlowHostBuilder builder, string sideEffectFile = "")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddOrchestrator<Sequence>(nameof(Sequence))
            .AddOrchestrator<FanOut>(nameof(FanOut))
            .AddOrchestrator<Timer>(nameof(Timer))
            .AddOrchestrator<AwaitEvent>(nameof(AwaitEvent))
            .AddOrchestrator<TimerThenAwaitEvent>(nameof(TimerThenAwaitEvent))
            .AddOrchestrator<EventOrTimeout>(nameof(EventOrTimeout))
            .AddOrchestrator<Parent>(nameof(Parent))
            .AddOrchestrator<Counter>(nameof(Counter))
            .AddOrchestrator<WithRetry>(nameof(WithRetry))
            .AddOrchestrator<CrashProbe>(nameof(CrashProbe))
            .AddActivity<Echo>(nameof(Echo))
            .AddActivity<Square>(nameof(Square))
            .AddActivity<Flaky>(nameof(Flaky))
            .AddActivity(nameof(CountedStep), () => new CountedStep(sideEffectFile));
    }

    /// <summary>Three activities in order.</summary>
    public sealed class Sequence : TaskOrchestrator<string, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            var a = await context.CallActivityAsync<string>(nameof(Echo), input + "1");
            var b = await context.CallActivityAsync<string>(nameof(Echo), a + "2");
            return await context.CallActivityAsync<string>(nameof(Echo), b + "3");
        }
    }

    /// <summary>n activities at once, summed.</summary>
    public sealed class FanOut : TaskOrchestrator<int, long>
    {
        /// <inheritdoc />
        public override async Task<long> RunAsync(TaskOrchestrationContext context, int input)
        {
            var tasks = Enumerable.Range(1, input).Select(i => context.CallActivityAsync<long>(nameof(Square), i));
            return (await Task.WhenAll(tasks)).Sum();
        }
    }

    /// <summary>A durable timer of the given milliseconds.</summary>
    public sealed class Timer : TaskOrchestrator<int, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(input), CancellationToken.None);
            return "fired";
        }
    }

    /// <summary>Waits for the event "approval" and returns its payload.</summary>
    public sealed class AwaitEvent : TaskOrchestrator<string, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            context.SetCustomStatus("waiting");
            return input + ":" + await context.WaitForExternalEvent<string>("approval");
        }
    }

    /// <summary>Runs a timer first, so an event raised meanwhile arrives before the orchestration waits for it.</summary>
    public sealed class TimerThenAwaitEvent : TaskOrchestrator<int, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            context.SetCustomStatus("timer");
            await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(input), CancellationToken.None);
            return "after-timer:" + await context.WaitForExternalEvent<string>("approval");
        }
    }

    /// <summary>Races the event "approval" against a timer of the given milliseconds.</summary>
    public sealed class EventOrTimeout : TaskOrchestrator<int, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            using var cancel = new CancellationTokenSource();
            var approval = context.WaitForExternalEvent<string>("approval", cancel.Token);
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(input), cancel.Token);
            var winner = await Task.WhenAny(approval, timeout);
#pragma warning disable CA1849 // Orchestrator code must stay synchronous: CancelAsync would resume off the orchestration thread.
            cancel.Cancel();
#pragma warning restore CA1849
            return winner == approval ? "event:" + approval.Result : "timeout";
        }
    }

    /// <summary>Runs <see cref="FanOut"/> as a sub-orchestration.</summary>
    public sealed class Parent : TaskOrchestrator<int, long>
    {
        /// <inheritdoc />
        public override async Task<long> RunAsync(TaskOrchestrationContext context, int input) =>
            await context.CallSubOrchestratorAsync<long>(nameof(FanOut), input) + 1;
    }

    /// <summary>Continues as new until the input reaches 3.</summary>
    public sealed class Counter : TaskOrchestrator<int, int>
    {
        /// <inheritdoc />
        public override Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            if (input < 3)
            {
                context.ContinueAsNew(input + 1);
            }

            return Task.FromResult(input);
        }
    }

    /// <summary>Calls an activity that fails twice before it succeeds, with a retry policy.</summary>
    public sealed class WithRetry : TaskOrchestrator<string, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
            context.CallActivityAsync<string>(nameof(Flaky), input, TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(50))));
    }

    /// <summary>Step, wait for "go", step: the crash test kills the worker while it waits.</summary>
    public sealed class CrashProbe : TaskOrchestrator<string, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            await context.CallActivityAsync<string>(nameof(CountedStep), input + "/step1");
            context.SetCustomStatus("waiting");
            var go = await context.WaitForExternalEvent<string>("go");
            await context.CallActivityAsync<string>(nameof(CountedStep), input + "/step2");
            return go;
        }
    }

    /// <summary>Returns its input.</summary>
    public sealed class Echo : TaskActivity<string, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
    }

    /// <summary>Returns the square of its input.</summary>
    public sealed class Square : TaskActivity<int, long>
    {
        /// <inheritdoc />
        public override Task<long> RunAsync(TaskActivityContext context, int input) => Task.FromResult((long)input * input);
    }

    /// <summary>Fails the first two calls per input, then succeeds.</summary>
    public sealed class Flaky : TaskActivity<string, string>
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Calls = new();

        /// <inheritdoc />
        public override Task<string> RunAsync(TaskActivityContext context, string input)
        {
            var call = Calls.AddOrUpdate(input, 1, (_, n) => n + 1);
            return call <= 2 ? throw new InvalidOperationException($"flaky failure {call}") : Task.FromResult($"{input} after {call} calls");
        }
    }

    /// <summary>Appends its input to a file: the side-effect counter of the crash test.</summary>
    public sealed class CountedStep(string file) : TaskActivity<string, string>
    {
        /// <inheritdoc />
        public override async Task<string> RunAsync(TaskActivityContext context, string input)
        {
            await File.AppendAllTextAsync(file, input + "\n");
            return input;
        }
    }
}
