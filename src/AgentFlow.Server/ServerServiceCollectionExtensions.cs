using System.Text.Json;
using System.Text.Json.Serialization;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using AgentFlow.Server.Runs;
using AgentFlow.Server.Workflows;
using AgentFlow.Triggers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentFlow.Server;

/// <summary>Registers the HTTP API's services (add the engine and its worker first: <c>AddAgentFlow(...).AddWorkerService()</c>).</summary>
public static class ServerServiceCollectionExtensions
{
    private const string OperatorScheme = "Operator";

    /// <summary>
    /// Adds the API: <paramref name="options"/> (with <c>server:allowInlineWorkflows</c> and <c>server:workflows</c>
    /// from <paramref name="configuration"/> when set there), operator bearer authentication and the console's cookie sessions under the same policies, the
    /// failed-authentication limiter, problem details, the OpenAPI document, JSON settings (camelCase, enums as
    /// strings, nulls omitted), the workflow catalog, the run starter, the shared <see cref="RunEventHub"/> and the <see cref="TriggerHost"/> of the workflows folder.
    /// </summary>
    public static IServiceCollection AddAgentFlowServer(this IServiceCollection services, ServerOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("server");
        if (section["allowInlineWorkflows"] is { Length: > 0 } inline)
        {
            options.AllowInlineWorkflows = bool.TryParse(inline, out var allowed)
                ? allowed
                : throw new Abstractions.Configuration.ConfigurationException("server.allowInlineWorkflows", $"'{inline}' is not true or false");
        }

        if (section["workflows"] is { Length: > 0 } folder && options.WorkflowsDirectory == new ServerOptions().WorkflowsDirectory)
        {
            options.WorkflowsDirectory = folder;
        }

        options.Jwt = JwtSettings.Bind(section.GetSection("jwt")) ?? options.Jwt;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton<WorkflowCatalog>();
        services.TryAddSingleton<RunStarter>();
        services.TryAddSingleton<Hooks.WebhookHandler>();
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        services.TryAddSingleton<JwtOperatorValidator>();
        services.TryAddSingleton<RunEventHub>();
        services.TryAddSingleton<Links.ApprovalLinkGate>();
        services.AddHostedService(sp => sp.GetRequiredService<RunEventHub>());

        // Triggers of the workflows folder (after the worker: hosted services start in order); the API reads TriggerHost.
        services.AddTriggers(o => o.WorkflowsDirectory = options.WorkflowsDirectory);

        services.TryAddSingleton<ConsoleSessionStore>();
        services.TryAddSingleton<ConsoleCsrfCheck>();

        // One policy scheme: a request with an Authorization header is a bearer-token call, one with the console's
        // cookie a console session; the same policies (read, act, admin) then apply to both.
        services.AddAuthentication(OperatorScheme)
            .AddPolicyScheme(OperatorScheme, "Operator token or console session", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(ConsoleCookieAuthenticationHandler.CookieName)
                    ? ConsoleCookieAuthenticationHandler.SchemeName
                    : OperatorAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ConsoleCookieAuthenticationHandler>(ConsoleCookieAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(OperatorPolicies.Add);

        // Authentication brings data protection; nothing here protects data with it, so no key ring is written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Status-code-only answers of routing (no such route, wrong method, body not JSON) get a detail too.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                404 => $"no API route {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}; GET /openapi/v1.json lists the routes",
                405 => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}; GET /openapi/v1.json lists each route's methods",
                415 => "send the body as JSON with 'Content-Type: application/json'",
                _ => null,
            };
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        return services;
    }
}
