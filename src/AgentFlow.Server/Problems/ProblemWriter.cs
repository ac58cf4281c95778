using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AgentFlow.Server.Problems;

/// <summary>Writes an RFC 7807 problem (<c>application/problem+json</c>) outside an endpoint (authentication, throttling).</summary>
internal static class ProblemWriter
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, Action<IHeaderDictionary>? headers = null)
    {
        context.Response.StatusCode = status;
        headers?.Invoke(context.Response.Headers);
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = ApiProblems.TypeOf(status), Instance = context.Request.Path };
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
    }
}
