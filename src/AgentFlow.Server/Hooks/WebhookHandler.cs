using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Problems;
using AgentFlow.Triggers;
using AgentFlow.Triggers.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Hooks;

/// <summary>
/// Checks a webhook call (trigger exists, body within its limit, signature and timestamp, not paused) and fires the
/// trigger once per delivery: the run id comes from the <c>Idempotency-Key</c> header, or else from the signature, so a
/// repeated or replayed delivery returns the run the first one started.
/// </summary>
internal sealed class WebhookHandler(TriggerHost triggers, AgentFlowWorkerService worker, FailedAuthenticationLimiter limiter, ILogger<WebhookHandler> logger)
{
    /// <summary>Longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "Proxy-Authorization" };

    public async Task<IResult> HandleAsync(HttpContext http, string workflow, string trigger, CancellationToken cancellationToken)
    {
        if (triggers.Find(workflow, trigger) is not { Trigger: WebhookTrigger hook } registration)
        {
            return ApiProblems.NotFound($"no webhook trigger '{trigger}' in workflow '{workflow}' of this server's folder; `agentflow triggers list` shows the triggers it runs");
        }

        // Bad signatures count against the client like bad tokens: past the limit, its calls are refused for a while.
        var client = FailedAuthenticationLimiter.ClientOf(http);
        if (limiter.IsBlocked(client))
        {
            Log.WebhookRefused(logger, registration.Id, client, "too many calls with bad signatures");
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limiter.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many failed signatures", $"this client sent too many calls with bad signatures; wait {limiter.Window.TotalSeconds:0} s and sign the calls with the shared secret");
        }

        if (http.Request.ContentLength > hook.MaxBodyBytes || await ReadBodyAsync(http.Request.Body, hook.MaxBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            Log.WebhookRefused(logger, registration.Id, client, "body too large");
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the body is larger than the {hook.MaxBodyBytes} bytes this webhook accepts (maxBodyBytes)");
        }

        var now = triggers.Context.Time.GetUtcNow();
        var check = WebhookSignature.Check(hook, Environment.GetEnvironmentVariable(hook.SecretEnv), Header(http, hook.SignatureHeader), Header(http, hook.TimestampHeader), body, now);
        if (check.Misconfigured)
        {
            Log.WebhookMisconfigured(logger, registration.Id, hook.SecretEnv);
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Webhook not configured", "this webhook cannot check signatures yet; the server's administrator must set its secret");
        }

        if (!check.IsValid)
        {
            limiter.RecordFailure(client);
            Log.WebhookRefused(logger, registration.Id, client, check.Problem!);
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", check.Problem!);
        }

        var key = Header(http, "Idempotency-Key")?.Trim();
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            return ApiProblems.BadRequest($"Idempotency-Key has {key.Length} characters; at most {MaxIdempotencyKeyLength} are accepted");
        }

        JsonNode? json;
        try
        {
            json = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return ApiProblems.BadRequest($"the body is not JSON ({ex.Message.Split(" LineNumber:", 2)[0]}); send application/json");
        }

        if (await triggers.Context.IsPausedAsync(registration, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.Conflict($"trigger '{registration.Id}' is paused; resume it with `agentflow triggers resume {registration.Id}`");
        }

        var firing = new TriggerFiring(
            string.IsNullOrEmpty(key) ? "sig:" + check.Signature : "key:" + key,
            Scope(registration, hook, http, json, key ?? check.Signature!, now),
            string.IsNullOrEmpty(key) ? $"webhook call from {client}" : $"webhook call {key} from {client}");
        TriggerFireResult fired;
        try
        {
            fired = await triggers.Context.FireAsync(registration, firing, cancellationToken).ConfigureAwait(false);
        }
        catch (TriggerInputException ex)
        {
            return ApiProblems.Unprocessable(ex.Message);
        }

        Log.WebhookFired(logger, registration.Id, fired.RunId, fired.Started);
        var location = $"/api/runs/{Uri.EscapeDataString(fired.RunId)}";
        if (hook.Respond == WebhookRespond.Wait
            && await WaitAsync(fired.RunId, hook.WaitTimeout, cancellationToken).ConfigureAwait(false) is { } finished)
        {
            return Results.Ok(new { finished.RunId, Workflow = workflow, Trigger = trigger, finished.Status, finished.Output, finished.Error, Replayed = !fired.Started });
        }

        return Results.Accepted(location, new { fired.RunId, Workflow = workflow, Trigger = trigger, Status = RunStatus.Pending, Replayed = !fired.Started });
    }

    private static JsonObject Scope(TriggerRegistration registration, WebhookTrigger hook, HttpContext http, JsonNode? body, string key, DateTimeOffset now) =>
        TriggerScope.ForWebhook(
            registration.Workflow.Name,
            hook,
            key,
            now,
            body,
            http.Request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)).Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())),
            http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())));

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return buffer.ToArray();
    }

    /// <summary>The finished run, or null when it has not finished within <paramref name="limit"/>.</summary>
    private async Task<RunInfo?> WaitAsync(string runId, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            while (true)
            {
                if (await worker.Client.GetAsync(runId, timeout.Token).ConfigureAwait(false) is { IsFinished: true } run)
                {
                    return run;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
