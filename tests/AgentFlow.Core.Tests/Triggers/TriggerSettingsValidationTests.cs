using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Triggers;

/// <summary>The settings of each trigger kind: what is accepted silently, what is an error, what is a warning.</summary>
public sealed class TriggerSettingsValidationTests
{
    [Theory]
    [InlineData("""{ "kind": "schedule", "cron": "0 8 * * MON", "timeZone": "Europe/Berlin" }""")]
    [InlineData("""{ "kind": "schedule", "cron": "*/30 * * * * *", "jitter": "PT10S" }""")]
    [InlineData("""{ "kind": "schedule", "cron": "@daily", "timeZone": "America/New_York" }""")]
    [InlineData("""{ "kind": "schedule", "cron": "0  8 * *  1-5", "timeZone": "UTC", "catchUp": "PT12H", "overlap": "allow" }""")]
    [InlineData("""{ "kind": "schedule", "every": "PT1S" }""")]
    [InlineData("""{ "kind": "schedule", "every": "PT1H", "jitter": "PT59M" }""")]
    [InlineData("""{ "kind": "imap", "host": "localhost", "security": "none", "username": "u", "passwordEnv": "P" }""")]
    [InlineData("""{ "kind": "imap", "host": "::1", "security": "none", "username": "u", "passwordEnv": "_p1" }""")]
    [InlineData("""{ "kind": "imap", "host": "127.0.0.2", "security": "none", "username": "u", "passwordEnv": "P" }""")]
    [InlineData("""{ "kind": "imap", "host": "imap.example.com", "security": "startTls", "username": "u", "passwordEnv": "P", "after": { "moveTo": "Done" } }""")]
    [InlineData("""{ "kind": "webhook", "secretEnv": "HOOK_SECRET", "respond": "wait", "waitTimeout": "PT5M", "maxBodyBytes": 16777216 }""")]
    public void Validate_SensibleTrigger_HasNoDiagnostics(string trigger)
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With($$"""{ "t": {{trigger}} }"""));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("""{ "kind": "schedule", "every": "PT1H", "jitter": "PT1H" }""", "AF503", "$.triggers.t.jitter")]
    [InlineData("""{ "kind": "schedule", "cron": "*/30 * * * * *", "jitter": "PT30S" }""", "AF503", "$.triggers.t.jitter")]
    [InlineData("""{ "kind": "schedule", "cron": "0 8 * * MON", "timeZone": "CET+1" }""", "AF502", "$.triggers.t.timeZone")]
    [InlineData("""{ "kind": "schedule", "cron": "61 * * * *" }""", "AF501", "$.triggers.t.cron")]
    [InlineData("""{ "kind": "schedule" }""", "AF101", "$.triggers.t")]
    [InlineData("""{ "kind": "schedule", "every": "P0D" }""", "AF107", "$.triggers.t.every")]
    [InlineData("""{ "kind": "imap", "host": "h", "username": "u", "passwordEnv": "9LIVES" }""", "AF504", "$.triggers.t.passwordEnv")]
    [InlineData("""{ "kind": "imap", "host": "h", "username": "u", "passwordEnv": "P", "after": { "moveTo": "inbox" } }""", "AF106", "$.triggers.t.after.moveTo")]
    [InlineData("""{ "kind": "imap", "host": "h", "username": "u", "passwordEnv": "P", "after": { "moveTo": " " } }""", "AF106", "$.triggers.t.after.moveTo")]
    [InlineData("""{ "kind": "imap", "host": "h", "username": "u", "passwordEnv": "P", "after": true }""", "AF103", "$.triggers.t.after")]
    [InlineData("""{ "kind": "imap", "host": "h", "username": "u", "passwordEnv": "P", "security": "ssl" }""", "AF106", "$.triggers.t.security")]
    [InlineData("""{ "kind": "webhook", "secretEnv": "my-secret" }""", "AF504", "$.triggers.t.secretEnv")]
    [InlineData("""{ "kind": "webhook", "secretEnv": "S", "maxBodyBytes": 0 }""", "AF106", "$.triggers.t.maxBodyBytes")]
    [InlineData("""{ "kind": "webhook", "secretEnv": "S", "respond": "wait", "waitTimeout": "PT5M1S" }""", "AF503", "$.triggers.t.waitTimeout")]
    public void Validate_BadSetting_ReportsCodeAtItsPath(string trigger, string code, string path)
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With($$"""{ "t": {{trigger}} }"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((code, path, DiagnosticSeverity.Error), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity));
        Assert.NotEmpty(diagnostic.Hint);
    }

    [Theory]
    [InlineData("""{ "kind": "imap", "host": "10.0.0.1", "security": "none", "username": "u", "passwordEnv": "P" }""", "AF505", "$.triggers.t.security")]
    [InlineData("""{ "kind": "webhook", "secretEnv": "S", "respond": "accepted", "waitTimeout": "PT1M" }""", "AF506", "$.triggers.t.waitTimeout")]
    [InlineData("""{ "kind": "schedule", "every": "PT1H", "timeZone": "Europe/Berlin" }""", "AF506", "$.triggers.t.timeZone")]
    public void Validate_DoubtfulSetting_IsAWarningOnly(string trigger, string code, string path)
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With($$"""{ "t": {{trigger}} }"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((code, path, DiagnosticSeverity.Warning), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity));
        Assert.Contains($"{code} warning: ", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CronThatDoesNotParse_GivesCronosReason()
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With("""{ "t": { "kind": "schedule", "cron": "0 25 * * *" } }"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AF501", diagnostic.Code);
        Assert.Contains("Hours", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_WindowsTimeZoneId_IsRefusedWithTheIanaIdToWrite()
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With("""{ "t": { "kind": "schedule", "cron": "0 8 * * *", "timeZone": "W. Europe Standard Time" } }"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AF502", diagnostic.Code);
        Assert.Contains("Europe/", diagnostic.Message + diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DisabledTrigger_IsStillChecked()
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With("""{ "t": { "kind": "schedule", "cron": "bogus", "enabled": false } }"""));

        Assert.Equal("AF501", Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Validate_PasswordEnvHoldingAPassword_DoesNotEchoIt()
    {
        var diagnostics = Validate.Json(TriggerWorkflows.With("""{ "t": { "kind": "imap", "host": "h", "username": "u", "passwordEnv": "Tr0ub4dor&3xyz" } }"""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AF504", diagnostic.Code);
        Assert.DoesNotContain("Tr0ub4dor&3xyz", diagnostic.ToString(), StringComparison.Ordinal);
    }
}
