using System.Text.Json.Nodes;

namespace AgentFlow.Triggers;

/// <summary>One occasion for a trigger to start a run: a schedule's tick, a mail, a webhook call.</summary>
/// <param name="Key">
/// What makes this occasion unique for the trigger (the tick's UTC time, a Message-Id, an idempotency key): the run id
/// is derived from workflow, trigger and key, so the same occasion never starts two runs, whichever host fires it.
/// </param>
/// <param name="Scope">
/// What the trigger received, as template variables for the input mapping: always <c>trigger</c> (name, kind, key,
/// firedAt, and per kind e.g. <c>time</c>), plus <c>message</c> for IMAP and <c>body</c>/<c>headers</c>/<c>query</c>
/// for webhooks.
/// </param>
/// <param name="Summary">One line for people: <c>tick 2026-12-07T08:00:00+01:00</c>, <c>mail "Invoice" from ana@example.com</c>.</param>
public sealed record TriggerFiring(string Key, JsonObject Scope, string Summary);
