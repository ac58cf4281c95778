using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Workflows;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Problems;

/// <summary>
/// Turns the engine's user-facing exceptions into problems that say what to fix (invalid workflow with its
/// diagnostics, bad inputs, malformed JSON body); anything unforeseen is a 500 whose detail names no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, extensions) = exception switch
        {
            WorkflowInvalidException ex => (422, "Invalid workflow", $"{Path.GetFileName(ex.File)} has validation errors; fix them (see diagnostics) and start again; nothing was started",
                new Dictionary<string, object?> { ["diagnostics"] = ex.Diagnostics.Where(d => d.IsError).Select(DiagnosticView.From).ToList() }),
            RunInputException ex => (400, "Invalid inputs", $"the inputs do not match the workflow's declarations: {string.Join("; ", ex.Problems)}; nothing was started", null),
            WorkflowNotRunnableException ex => (422, "Cannot run here", $"this workflow cannot run in this host: {string.Join("; ", ex.Problems)}; nothing was started", null),
            OperatorAccessDeniedException ex => (403, "Forbidden", ex.Message, null),
            OperatorException ex => (400, "Bad request", ex.Message, null),
            BadHttpRequestException ex when ex.InnerException is JsonException json => (400, "Bad request", $"the body is not valid JSON for this endpoint: {json.Message}", null),
            BadHttpRequestException ex => (ex.StatusCode, "Bad request", ex.Message, null),
            ConfigurationException ex => (500, "Server configuration", $"the server's configuration is not usable: {ex.Message}", null),
            AgentFlowException ex => (400, "Bad request", ex.Message, null),
            _ => (500, "Unexpected error", "the server failed unexpectedly; the server log has the details (please report it)", (Dictionary<string, object?>?)null),
        };
        if (status == 500)
        {
            // An approval link's path holds its token, a credential: never logged.
            var path = httpContext.Request.Path.StartsWithSegments("/approve") ? "/approve/(token)" : httpContext.Request.Path.ToString();
            Server.Log.Unexpected(logger, httpContext.Request.Method, path, exception);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = ApiProblems.TypeOf(status) };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }
}
