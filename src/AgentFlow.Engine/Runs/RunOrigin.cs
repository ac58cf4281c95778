namespace AgentFlow.Engine.Runs;

/// <summary>What started a run by itself: a trigger of its workflow, and the occasion (a tick, a mail, a call).</summary>
/// <param name="Trigger">The trigger, as <c>WORKFLOW/TRIGGER</c>.</param>
/// <param name="Kind">The trigger's kind (<c>schedule</c>, <c>imap</c>, <c>webhook</c>).</param>
/// <param name="Key">The occasion's key (a tick's UTC time, a Message-Id, an idempotency key): the run id derives from it.</param>
/// <param name="Summary">One line for people: <c>tick 2026-12-07T08:00:00+01:00</c>, <c>mail "Invoice" from ana@example.com</c>.</param>
public sealed record RunOrigin(string Trigger, string Kind, string Key, string Summary);
