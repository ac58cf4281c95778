using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>Polls a run until a condition holds (or the test deadline passes).</summary>
internal static class RunPolling
{
    public static async Task<RunInfo> UntilAsync(RunClient client, string runId, Func<RunInfo, bool> done, bool allowFinished = false)
    {
        using var deadline = new CancellationTokenSource(Wait.Deadline);
        while (true)
        {
            var run = await client.GetAsync(runId);
            if (run is not null && done(run))
            {
                return run;
            }

            if (run is { IsFinished: true } && !allowFinished)
            {
                Assert.Fail($"run {runId} ended {run.Status} ({run.Error}) before the expected state");
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
