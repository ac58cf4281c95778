using Microsoft.AspNetCore.Http;

namespace AgentFlow.Server.Problems;

/// <summary>The API's RFC 7807 problems: a title per status and a <c>detail</c> that says what to fix.</summary>
public static class ApiProblems
{
    /// <summary>The <c>type</c> URI of a status (the RFC 9110 section that defines it).</summary>
    public static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };

    /// <summary>400: the request is malformed.</summary>
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) => Problem(400, "Bad request", detail, extensions);

    /// <summary>403: refused (a role, or the approval's approvers).</summary>
    public static IResult Forbidden(string detail) => Problem(403, "Forbidden", detail);

    /// <summary>404: no such resource.</summary>
    public static IResult NotFound(string detail) => Problem(404, "Not found", detail);

    /// <summary>409: the resource is not in a state that allows this.</summary>
    public static IResult Conflict(string detail) => Problem(409, "Conflict", detail);

    /// <summary>422: well-formed, but the workflow or inputs cannot run.</summary>
    public static IResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) => Problem(422, "Cannot run", detail, extensions);

    /// <summary>A problem with <paramref name="status"/>.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeOf(status), extensions: extensions);
}
