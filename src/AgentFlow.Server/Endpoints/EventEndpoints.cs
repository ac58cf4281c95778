using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// Server-Sent Events of runs (<c>text/event-stream</c>; the event name is the <see cref="RunEvent.Type"/>, data its
/// JSON), fed by the one <see cref="RunEventHub"/>. Every stream starts with a <c>ready</c> event and sends a <c>ping</c> after <see cref="ServerOptions.EventHeartbeatInterval"/> without events; a run's stream then sends the run's state on connect (sequence 0),
/// then its changes; delivery is at least once, so a client keys what it shows by node and status.
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/runs/events", (RunEventHub hub, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(hub.Subscribe(null), [Ready(string.Empty)], options.Value.EventHeartbeatInterval, cancellationToken)))
            .WithTags("Events").RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("Every run's changes: run status, node started, completed, failed, waiting.");

        api.MapGet("/runs/{id}/events", async (string id, RunEventHub hub, AgentFlowWorkerService worker, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
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
            return TypedResults.ServerSentEvents(StreamAsync(subscription, snapshot, options.Value.EventHeartbeatInterval, cancellationToken));
        }).WithTags("Events").RequireAuthorization(OperatorPolicies.Read)
          .WithSummary("One run's state on connect, then its changes: run status, node started, completed, failed, waiting.");
    }

    private static async IAsyncEnumerable<SseItem<RunEvent>> StreamAsync(RunEventSubscription subscription, List<RunEvent> first, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            foreach (var evt in first)
            {
                yield return Item(evt);
            }

            var reader = subscription.Events;
            while (true)
            {
                // A quiet stream still sends a ping now and then, so proxies and browsers keep the connection open.
                bool more;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    idle.CancelAfter(heartbeat);
                    try
                    {
                        more = await reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        more = true;
                    }
                }

                if (!more)
                {
                    yield break;
                }

                if (!reader.TryPeek(out _))
                {
                    yield return Item(new RunEvent(RunEvent.Ping, first[0].RunId, string.Empty, null, null, null, null, null, DateTime.UtcNow));
                }

                while (reader.TryRead(out var evt))
                {
                    yield return Item(evt);
                }
            }
        }
    }

    // The first event: it also sends the response headers at once, so a client knows it is listening before anything happens.
    private static RunEvent Ready(string runId) => new(RunEvent.Ready, runId, string.Empty, null, null, null, null, null, DateTime.UtcNow);

    private static SseItem<RunEvent> Item(RunEvent evt) => new(evt, evt.Type) { EventId = evt.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
