using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// Server-Sent Events of runs (<c>text/event-stream</c>; the event name is the <see cref="RunEvent.Type"/>, data its
/// JSON), fed by the one <see cref="RunEventHub"/>. Every stream starts with a <c>ready</c> event; a run's stream then sends the run's state on connect (sequence 0),
/// then its changes; delivery is at least once, so a client keys what it shows by node and status.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/runs/events", (RunEventHub hub, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(hub.Subscribe(null), [Ready(string.Empty)], cancellationToken)))
            .WithTags("Events").RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("Every run's changes: run status, node started, completed, failed, waiting.");

        api.MapGet("/runs/{id}/events", async (string id, RunEventHub hub, AgentFlowWorkerService worker, CancellationToken cancellationToken) =>
        {
            // Subscribe before reading the state, so nothing falls between the two.
            var subscription = hub.Subscribe(id);
            RunInfo? run;
            try
            {
                run = await worker.Client.GetAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                subscription.Dispose();
                throw;
            }

            if (run is null)
            {
                subscription.Dispose();
                return RunEndpoints.NoRun(id);
            }

            var snapshot = new RunSnapshot().Advance(run, DateTime.UtcNow);
            snapshot.Insert(0, Ready(run.RunId));
            return TypedResults.ServerSentEvents(StreamAsync(subscription, snapshot, cancellationToken));
        }).WithTags("Events").RequireAuthorization(OperatorPolicies.Read)
          .WithSummary("One run's state on connect, then its changes: run status, node started, completed, failed, waiting.");
    }

    private static async IAsyncEnumerable<SseItem<RunEvent>> StreamAsync(RunEventSubscription subscription, List<RunEvent> first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            foreach (var evt in first)
            {
                yield return Item(evt);
            }

            await foreach (var evt in subscription.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return Item(evt);
            }
        }
    }

    // The first event: it also sends the response headers at once, so a client knows it is listening before anything happens.
    private static RunEvent Ready(string runId) => new(RunEvent.Ready, runId, string.Empty, null, null, null, null, null, DateTime.UtcNow);

    private static SseItem<RunEvent> Item(RunEvent evt) => new(evt, evt.Type) { EventId = evt.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
