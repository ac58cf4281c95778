using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Hooks;

/// <summary>
/// <c>POST /hooks/{workflow}/{trigger}</c>: a signed call that starts a run through a workflow's webhook trigger. Outside
/// <c>/api</c> and without operator authentication: the HMAC signature under the trigger's secret is the credential.
/// </summary>
internal static class WebhookEndpoints
{
    /// <summary>The path prefix of webhook calls.</summary>
    public const string Prefix = "/hooks";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Prefix + "/{workflow}/{trigger}", (string workflow, string trigger, HttpContext http, WebhookHandler handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(http, workflow, trigger, cancellationToken))
            .AllowAnonymous()
            .WithTags("Webhooks")
            .WithSummary("Start a run through a workflow's webhook trigger: 202 with the run id (200 with its output for respond: wait); 401 for a bad signature, 413 over the size limit, 409 while paused.");
}
