using AgentFlow.Agents.Hosting;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Engine.Composition;
using AgentFlow.Memory;
using AgentFlow.Samples;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AgentFlow.Server;

/// <summary>
/// The AgentFlow server: one process that runs the worker (runs, timers), and serves the HTTP API under <c>/api</c>
/// with the OpenAPI document at <c>/openapi/v1.json</c>, and the web console at <c>/console/</c>. Composed like every AgentFlow host:
/// <c>AddAgentFlow(configuration).AddAgents().AddMemory().AddSampleTools().AddWorkerService()</c>, then
/// <see cref="ServerServiceCollectionExtensions.AddAgentFlowServer"/> (which adds the trigger host of the workflows folder). Tools run under strict defaults
/// (<see cref="ToolPolicyOptions.Strict"/>) unless the setting <c>tools.strict</c> says false: see docs/security.md.
/// </summary>
public static class AgentFlowServer
{
    /// <summary>
    /// Builds the server (start it with <c>StartAsync</c>/<c>RunAsync</c>; stopping drains the worker).
    /// <paramref name="configure"/> may add or replace services before it is built (e.g. the host lifetime).
    /// </summary>
    /// <exception cref="Abstractions.Configuration.ConfigurationException">A setting is malformed; the message names it.</exception>
    public static WebApplication Build(ServerOptions options, IConfigurationRoot configuration, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IConfiguration>(configuration);
        builder.Services.AddLogging(options.Logging ?? DefaultLogging);
        // Strict tool defaults (issue 20): operators start workflows they did not write on this machine. Registered
        // before the tools binder, so the setting tools.strict can still turn it off.
        builder.Services.Configure<ToolPolicyOptions>(o => o.Strict = true);
        builder.Services.AddAgentFlow(configuration).AddAgents().AddMemory().AddSampleTools().AddWorkerService();
        builder.Services.AddAgentFlowServer(options, configuration);

        // Drain: on stop, the worker finishes the work items in flight, however long they take.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            app.Urls.Add(url);
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // What the caller got wrong is answered as a problem; only unforeseen failures are logged as errors.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or Core.AgentFlowException,
        });
        app.UseStatusCodePages();
        var limiter = app.Services.GetRequiredService<FailedAuthenticationLimiter>();
        app.Use(limiter.InvokeAsync);
        app.UseAuthentication();
        app.Use(app.Services.GetRequiredService<ConsoleCsrfCheck>().InvokeAsync);
        app.UseAuthorization();
        app.MapOpenApi();
        var api = app.MapGroup("/api");
        WorkflowEndpoints.Map(api);
        RunEndpoints.Map(api);
        ReplayEndpoints.Map(api);
        CostEndpoints.Map(api);
        ApprovalEndpoints.Map(api);
        EffectEndpoints.Map(api);
        AuditEndpoints.Map(api);
        MemoryEndpoints.Map(api);
        OperatorEndpoints.Map(api);
        TriggerEndpoints.Map(api);
        EventEndpoints.Map(api);
        SessionEndpoints.Map(api);
        ConsoleEndpoints.Map(app);
        Links.ApprovalLinkEndpoints.Map(app);
        Hooks.WebhookEndpoints.Map(app);
        return app;
    }

    private static void DefaultLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddSimpleConsole(console => console.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
