using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Tests.Triggers;

public sealed class TriggerLoaderTests
{
    [Fact]
    public void Parse_ScheduleWithEverything_ReadsEveryField()
    {
        var json = TriggerWorkflows.With("""
            {
              "weekly": {
                "kind": "schedule", "cron": "0 8 * * MON", "timeZone": "Europe/Berlin", "overlap": "bufferOne",
                "catchUp": "PT6H", "jitter": "PT1M", "description": "Monday issue", "enabled": false,
                "inputs": { "topic": "{{ trigger.time }}" }
              }
            }
            """, """{ "topic": { "type": "string", "default": "x" } }""");

        var document = WorkflowLoader.Parse(json, "w.json");

        Assert.Empty(document.Diagnostics);
        var trigger = Assert.IsType<ScheduleTrigger>(document.Definition!.Triggers["weekly"]);
        Assert.Equal(("weekly", "$.triggers.weekly", TriggerKind.Schedule), (trigger.Name, trigger.JsonPath, trigger.Kind));
        Assert.Equal(("0 8 * * MON", "Europe/Berlin", ScheduleOverlap.BufferOne), (trigger.Cron, trigger.TimeZone, trigger.Overlap));
        Assert.Equal((TimeSpan.FromHours(6), TimeSpan.FromMinutes(1)), (trigger.CatchUp!.Value, trigger.Jitter!.Value));
        Assert.Null(trigger.Every);
        Assert.False(trigger.Enabled);
        Assert.Equal("Monday issue", trigger.Description);
        Assert.Equal("{{ trigger.time }}", trigger.Inputs["topic"].GetString());
    }

    [Fact]
    public void Parse_MinimalSchedule_TakesTheDefaults()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""{ "tick": { "kind": "schedule", "every": "PT15M" } }"""), "w.json");

        var trigger = Assert.IsType<ScheduleTrigger>(document.Definition!.Triggers["tick"]);
        Assert.Equal(TimeSpan.FromMinutes(15), trigger.Every);
        Assert.Equal(ScheduleOverlap.Skip, trigger.Overlap);
        Assert.True(trigger.Enabled);
        Assert.Null(trigger.CatchUp);
        Assert.Null(trigger.TimeZone);
        Assert.Empty(trigger.Inputs);
    }

    [Fact]
    public void Parse_Imap_ReadsConnectionFilterAndMoveTo()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""
            {
              "inbox": {
                "kind": "imap", "host": "127.0.0.1", "port": 10143, "security": "none", "username": "support",
                "passwordEnv": "AGENTFLOW_IMAP_PASSWORD", "folder": "Support",
                "filter": { "unseen": false, "from": "@example.org", "subject": "Invoice" },
                "after": { "moveTo": "Triaged" }, "poll": "PT30S"
              }
            }
            """), "w.json");

        Assert.Empty(document.Diagnostics);
        var trigger = Assert.IsType<ImapTrigger>(document.Definition!.Triggers["inbox"]);
        Assert.Equal(("127.0.0.1", 10143, ImapSecurity.None), (trigger.Host, trigger.EffectivePort, trigger.Security));
        Assert.Equal(("support", "AGENTFLOW_IMAP_PASSWORD", "Support"), (trigger.Username, trigger.PasswordEnv, trigger.Folder));
        Assert.Equal(new ImapFilter(false, "@example.org", "Invoice"), trigger.Filter);
        Assert.Equal("Triaged", trigger.MoveTo);
        Assert.Equal(TimeSpan.FromSeconds(30), trigger.Poll);
    }

    [Fact]
    public void Parse_ImapDefaults_TlsOn993InboxUnseenMarkSeen()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""
            { "inbox": { "kind": "imap", "host": "imap.example.com", "username": "u", "passwordEnv": "P", "after": "markSeen" } }
            """), "w.json");

        Assert.Empty(document.Diagnostics);
        var trigger = Assert.IsType<ImapTrigger>(document.Definition!.Triggers["inbox"]);
        Assert.Equal((ImapSecurity.Tls, 993, "INBOX"), (trigger.Security, trigger.EffectivePort, trigger.Folder));
        Assert.True(trigger.Filter.Unseen);
        Assert.Null(trigger.MoveTo);
        Assert.Equal(TimeSpan.FromMinutes(1), trigger.Poll);
    }

    [Fact]
    public void Parse_Webhook_ReadsSettingsAndDefaults()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""
            {
              "full": {
                "kind": "webhook", "secretEnv": "HOOK_SECRET", "signatureHeader": "X-Sig", "timestampHeader": "X-Time",
                "requireTimestamp": false, "tolerance": "PT1M", "maxBodyBytes": 2048, "respond": "wait", "waitTimeout": "PT2M"
              },
              "plain": { "kind": "webhook", "secretEnv": "HOOK_SECRET" }
            }
            """), "w.json");

        Assert.Empty(document.Diagnostics);
        var full = Assert.IsType<WebhookTrigger>(document.Definition!.Triggers["full"]);
        Assert.Equal(("X-Sig", "X-Time", false), (full.SignatureHeader, full.TimestampHeader, full.RequireTimestamp));
        Assert.Equal((TimeSpan.FromMinutes(1), 2048, WebhookRespond.Wait, TimeSpan.FromMinutes(2)), (full.Tolerance, full.MaxBodyBytes, full.Respond, full.WaitTimeout));
        var plain = Assert.IsType<WebhookTrigger>(document.Definition.Triggers["plain"]);
        Assert.Equal((WebhookTrigger.DefaultSignatureHeader, WebhookTrigger.DefaultTimestampHeader, true), (plain.SignatureHeader, plain.TimestampHeader, plain.RequireTimestamp));
        Assert.Equal((TimeSpan.FromMinutes(5), 1024 * 1024, WebhookRespond.Accepted, TimeSpan.FromSeconds(30)), (plain.Tolerance, plain.MaxBodyBytes, plain.Respond, plain.WaitTimeout));
    }

    [Fact]
    public void Parse_Triggers_KeepsFileOrder()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""
            { "z": { "kind": "schedule", "every": "PT1H" }, "a": { "kind": "webhook", "secretEnv": "S" }, "m": { "kind": "schedule", "every": "PT2H" } }
            """), "w.json");

        Assert.Equal(["z", "a", "m"], document.Definition!.Triggers.Keys);
    }

    [Fact]
    public void Parse_TriggerThatIsNotAnObject_IsWrongTypeAndLeftOut()
    {
        var document = WorkflowLoader.Parse(TriggerWorkflows.With("""{ "tick": "PT1H" }"""), "w.json");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(("AF103", "$.triggers.tick"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.Empty(document.Definition!.Triggers);
    }

    [Fact]
    public void Parse_WorkflowWithoutTriggers_HasNone()
    {
        var document = WorkflowLoader.Parse("""{ "name": "t", "start": "a", "nodes": { "a": { "kind": "end" } } }""", "w.json");

        Assert.Empty(document.Definition!.Triggers);
    }
}
